//! How reminders show, pure, with `today` passed in: the Reminders view's groups, the
//! words every face uses for a reminder ("EXT-1 due tomorrow", "overdue by 1 day", "Due
//! today", "Snoozed until 2024-06-08"), which reminders the navigation's badge counts, and
//! the one notification for reminders that fell due together. The window's words come in
//! English and in Chinese (`words`, `words_zh`); notifications and the command line speak
//! English.
//!
//! The window takes these from the values the core sends ([`ShownReminder`]) and never
//! makes its own: the groups and the words are decided here, once.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Deadline, Reminder, ReminderState};

impl Deadline {
    /// The deadline as a label: "Due date", "Follow-up", "Follow-up (cadence)".
    pub fn label_en(self) -> &'static str {
        match self {
            Deadline::Due => "Due date",
            Deadline::FollowUp => "Follow-up",
            Deadline::Cadence => "Follow-up (cadence)",
        }
    }

    /// The same in Chinese: "期限", "跟进日期", "跟进日期（催办周期）".
    pub fn label_zh(self) -> &'static str {
        match self {
            Deadline::Due => "期限",
            Deadline::FollowUp => "跟进日期",
            Deadline::Cadence => "跟进日期（催办周期）",
        }
    }
}

impl ReminderState {
    /// "Pending", "Reminded", "Snoozed", "Done".
    pub fn label_en(self) -> &'static str {
        match self {
            ReminderState::Pending => "Pending",
            ReminderState::Fired => "Reminded",
            ReminderState::Snoozed => "Snoozed",
            ReminderState::Done => "Done",
        }
    }

    /// The same in Chinese: "待提醒", "已提醒", "稍后提醒", "完成".
    pub fn label_zh(self) -> &'static str {
        match self {
            ReminderState::Pending => "待提醒",
            ReminderState::Fired => "已提醒",
            ReminderState::Snoozed => "稍后提醒",
            ReminderState::Done => "完成",
        }
    }

    /// Neither snoozed nor done: listed unless asked otherwise, and counted in the badge
    /// once due.
    pub fn is_active(self) -> bool {
        !matches!(self, ReminderState::Snoozed | ReminderState::Done)
    }
}

impl Reminder {
    /// "EXT-1 due tomorrow", "SCH-2 follow-up in 3 days", "EXT-3 overdue by 2 days",
    /// "IND-4 chase overdue by 1 day".
    pub fn describe(&self, today: NaiveDate) -> String {
        let days = self.days_until(today);
        match (self.deadline, days < 0) {
            (Deadline::Due, true) => format!("{} {}", self.reference, when_words(days)),
            _ => format!(
                "{} {} {}",
                self.reference,
                self.deadline.noun(),
                when_words(days)
            ),
        }
    }

    /// The reminder as the window shows it on `today`: its group and its words, in
    /// English and in Chinese.
    pub fn shown(self, today: NaiveDate) -> ShownReminder {
        let group = group(self.deadline_on, today);
        ShownReminder {
            group,
            active: self.state.is_active(),
            words: self.words(group, today, Language::En),
            words_zh: self.words(group, today, Language::Zh),
            reminder: self,
        }
    }

    fn words(&self, group: Group, today: NaiveDate, lang: Language) -> ReminderWords {
        let en = lang == Language::En;
        let snoozed = match (self.state, self.snoozed_until) {
            (ReminderState::Snoozed, Some(until)) if en => Some(format!("Snoozed until {until}")),
            (ReminderState::Snoozed, Some(until)) => Some(format!("稍后提醒至 {until}")),
            _ => None,
        };
        let label = |s: ReminderState| if en { s.label_en() } else { s.label_zh() };
        let state = snoozed
            .clone()
            .unwrap_or_else(|| label(self.state).to_owned());
        let status = match (self.state, snoozed) {
            (_, Some(s)) => s,
            (ReminderState::Pending, _) if en => format!("Next reminder {}", self.fire_on),
            (ReminderState::Pending, _) => format!("下次提醒 {}", self.fire_on),
            (ReminderState::Fired, _) => match self.fired_at {
                Some(at) if en => format!("Reminded {}", at.date_naive()),
                Some(at) => format!("已于 {} 提醒", at.date_naive()),
                None => label(ReminderState::Fired).to_owned(),
            },
            (s, _) => label(s).to_owned(),
        };
        let days = self.days_until(today);
        ReminderWords {
            heading: if en {
                group.label_en()
            } else {
                group.label_zh()
            },
            when: if en {
                when_words(days)
            } else {
                when_words_zh(days)
            },
            deadline: if en {
                self.deadline.label_en()
            } else {
                self.deadline.label_zh()
            },
            state,
            status,
        }
    }
}

/// Which language a reminder's words are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    En,
    Zh,
}

/// Reminders as the window shows them on `today`, in the order given (the store's, by
/// deadline date: so each group's reminders come together, the groups in their order).
pub fn shown(reminders: Vec<Reminder>, today: NaiveDate) -> Vec<ShownReminder> {
    reminders.into_iter().map(|r| r.shown(today)).collect()
}

/// "today", "tomorrow", "in 3 days", "overdue by 1 day", "overdue by 3 days".
pub fn when_words(days_until: i64) -> String {
    match days_until {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "overdue by 1 day".into(),
        n if n > 1 => format!("in {n} days"),
        n => format!("overdue by {} days", -n),
    }
}

/// The same in Chinese: "今天", "明天", "3 天后", "已逾期 1 天".
pub fn when_words_zh(days_until: i64) -> String {
    match days_until {
        0 => "今天".into(),
        1 => "明天".into(),
        n if n > 1 => format!("{n} 天后"),
        n => format!("已逾期 {} 天", -n),
    }
}

/// The view's groups, by the deadline's date relative to today.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Overdue,
    DueToday,
    /// Tomorrow to 7 days from today.
    ThisWeek,
    Later,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Overdue,
        Group::DueToday,
        Group::ThisWeek,
        Group::Later,
    ];

    /// The group's heading: "Overdue", "Due today", "This week", "Later".
    pub fn label_en(self) -> &'static str {
        match self {
            Group::Overdue => "Overdue",
            Group::DueToday => "Due today",
            Group::ThisWeek => "This week",
            Group::Later => "Later",
        }
    }

    /// The same in Chinese: "已逾期", "今日到期", "本周", "以后".
    pub fn label_zh(self) -> &'static str {
        match self {
            Group::Overdue => "已逾期",
            Group::DueToday => "今日到期",
            Group::ThisWeek => "本周",
            Group::Later => "以后",
        }
    }

    /// Overdue or due today: what the navigation's badge counts (when active).
    pub fn is_due(self) -> bool {
        matches!(self, Group::Overdue | Group::DueToday)
    }
}

/// Which group a deadline on `deadline_on` falls in on `today`.
pub fn group(deadline_on: NaiveDate, today: NaiveDate) -> Group {
    match (deadline_on - today).num_days() {
        n if n < 0 => Group::Overdue,
        0 => Group::DueToday,
        1..=7 => Group::ThisWeek,
        _ => Group::Later,
    }
}

/// How many of `reminders` the navigation's badge counts on `today`: those overdue or due
/// today that are neither snoozed nor done.
pub fn badge(reminders: &[Reminder], today: NaiveDate) -> usize {
    reminders
        .iter()
        .filter(|r| r.state.is_active() && group(r.deadline_on, today).is_due())
        .count()
}

/// A reminder as the window shows it: the reminder, its group and its words on the day it
/// was read.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownReminder {
    #[serde(flatten)]
    pub reminder: Reminder,
    pub group: Group,
    /// Neither snoozed nor done: listed unless asked otherwise.
    pub active: bool,
    pub words: ReminderWords,
    /// The same words in Chinese, for the window in Chinese.
    pub words_zh: ReminderWords,
}

/// A reminder's words, in one language.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReminderWords {
    /// Its group's heading: "Overdue", "Due today", "This week", "Later".
    pub heading: &'static str,
    /// The deadline relative to today: "today", "tomorrow", "in 3 days", "overdue by 1 day".
    pub when: String,
    /// Which deadline: "Due date", "Follow-up", "Follow-up (cadence)".
    pub deadline: &'static str,
    /// Its state in a word or two: "Pending", "Reminded", "Snoozed until 2024-06-08", "Done".
    pub state: String,
    /// Its state with the date that goes with it, for one item's deadlines: "Next reminder
    /// 2024-08-25", "Reminded 2024-06-01", "Snoozed until 2024-06-08", "Done".
    pub status: String,
}

/// What a desktop notification may show. It can appear on a locked screen, or over a
/// shared screen in a meeting, so by default it names items by their reference only.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationDetail {
    /// References and deadlines only ("EXT-1 due tomorrow"): no title, no case text.
    #[default]
    ReferencesOnly,
    /// A single reminder's notification also shows its item's title.
    Titles,
}

/// The body of a notification about one reminder when titles are not shown.
pub const NO_TITLE_BODY: &str = "Open Counterpart to see it.";

/// One desktop notification for reminders that fell due together.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// "EXT-1 due tomorrow", or "3 deadlines".
    pub summary: String,
    /// The item's title, or the list: "EXT-1 due tomorrow, SCH-2 follow-up today, …".
    pub body: String,
}

impl Notification {
    /// Summary and body on one line: "3 deadlines: EXT-1 due tomorrow, …".
    pub fn text(&self) -> String {
        format!("{}: {}", self.summary, self.body)
    }

    /// [`Self::text`] for a notification server that reads the body as markup (the
    /// freedesktop notification protocol does: `<b>`, `<a href>`, `<img>`, entities):
    /// `&`, `<` and `>` escaped, so that a title or reference shows as typed and can never
    /// become a link or an image.
    pub fn markup_text(&self) -> String {
        let mut out = String::with_capacity(self.summary.len() + self.body.len() + 8);
        for c in self.text().chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out
    }
}

/// How many reminders a gathered notification lists by name.
pub const GATHER_NAMED: usize = 5;

/// Gathers the reminders that fell due together into one notification, the most urgent
/// first, showing what `detail` allows; None when there are none.
pub fn gather(
    reminders: &[Reminder],
    today: NaiveDate,
    detail: NotificationDetail,
) -> Option<Notification> {
    match reminders {
        [] => None,
        [one] => Some(Notification {
            summary: one.describe(today),
            body: match detail {
                NotificationDetail::Titles => one.title.clone(),
                NotificationDetail::ReferencesOnly => NO_TITLE_BODY.to_owned(),
            },
        }),
        many => {
            let mut sorted: Vec<&Reminder> = many.iter().collect();
            sorted.sort_by(|a, b| a.order().cmp(&b.order()));
            let mut body = sorted
                .iter()
                .take(GATHER_NAMED)
                .map(|r| r.describe(today))
                .collect::<Vec<_>>()
                .join(", ");
            if many.len() > GATHER_NAMED {
                body.push_str(&format!(" and {} more", many.len() - GATHER_NAMED));
            }
            Some(Notification {
                summary: format!("{} deadlines", many.len()),
                body,
            })
        }
    }
}
