//! [`assemble`]: a brief from the items' sources — filtered by the options, grouped by
//! kind and ordered longest waiting first, with the summary and the chart's numbers.

use chrono::NaiveDate;

use super::responsiveness::responsiveness;
use super::{
    event_label, kind_label, labels, status_label, withhold, Bar, Brief, BriefOptions, BriefRow,
    BriefSource, BriefSummary, Chart, ChartBy, EventCell, Phrase, Profile, Section, StatusCount,
    SubstanceCell, CHART_MAX_ITEM_BARS, DEFAULT_MARKING,
};
use crate::clock::median;
use crate::model::{Kind, Status};

fn wanted(o: &BriefOptions, s: &BriefSource) -> bool {
    (o.kinds.is_empty() || o.kinds.contains(&s.row.kind))
        && (!o.open_only || s.row.status.is_open())
        && o.agency
            .as_deref()
            .is_none_or(|a| a.eq_ignore_ascii_case(&s.row.counterpart))
        && o.changed_since
            .is_none_or(|d| s.changed_on.is_some_and(|c| c >= d))
}

/// Which items the brief holds, when not every one: printed under its profile, so that
/// a brief of one agency's open items cannot pass for the whole record. `agency`: the
/// agency's English and Chinese names, when an item of it is among the sources.
fn scope(o: &BriefOptions, agency: Option<(String, String)>) -> Option<Phrase> {
    let (mut en, mut zh) = (Vec::new(), Vec::new());
    if o.open_only {
        en.push("open items only".to_owned());
        zh.push("仅未结事项".to_owned());
    }
    if let Some(code) = &o.agency {
        let code = code.to_uppercase();
        match agency {
            Some((name_en, name_zh)) => {
                en.push(format!("counterpart agency {code} ({name_en})"));
                zh.push(format!("中方对口机构 {code}（{name_zh}）"));
            }
            None => {
                en.push(format!("counterpart agency {code}"));
                zh.push(format!("中方对口机构 {code}"));
            }
        }
    }
    // In the model's order, each once; none or all four is every kind.
    let kinds: Vec<_> = Kind::ALL
        .into_iter()
        .filter(|k| o.kinds.contains(k))
        .map(kind_label)
        .collect();
    if !kinds.is_empty() && kinds.len() < Kind::ALL.len() {
        let names =
            |of: fn(&super::Label) -> &'static str| -> Vec<&str> { kinds.iter().map(of).collect() };
        en.push(format!("kinds: {}", names(|l| l.en).join(", ")));
        zh.push(format!("类型：{}", names(|l| l.zh).join("、")));
    }
    if let Some(d) = o.changed_since {
        en.push(format!("changed on or after {d}"));
        zh.push(format!("{d} 及以后有变动"));
    }
    if en.is_empty() {
        return None;
    }
    Some(Phrase {
        en: format!("Items included: {}", en.join("; ")),
        zh: format!("所含事项：{}", zh.join("；")),
    })
}

/// Longest waiting first; drafts (no count) last; ties by reference.
fn by_wait(a: &BriefRow, b: &BriefRow) -> std::cmp::Ordering {
    b.days_with_counterpart
        .map(|d| (1, d))
        .unwrap_or((0, 0))
        .cmp(&a.days_with_counterpart.map(|d| (1, d)).unwrap_or((0, 0)))
        .then_with(|| a.reference.cmp(&b.reference))
}

/// The first letter in capitals: "raised twice, …" at the head of a line.
fn sentence(s: String) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The linked items in each side's words, joined: "Based on IND-1 · Related to SCH-2".
fn linked(links: &[crate::db::items::LinkedItem]) -> Option<Phrase> {
    use crate::model::{relation_words, relation_words_zh};
    if links.is_empty() {
        return None;
    }
    let join = |words: &dyn Fn(&str, bool) -> String| {
        links
            .iter()
            .map(|l| format!("{} {}", words(&l.relation, l.outgoing), l.reference))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    Some(Phrase {
        en: join(&relation_words),
        zh: join(&relation_words_zh),
    })
}

fn to_row(s: BriefSource, profile: Profile) -> BriefRow {
    let r = s.row;
    let wide = profile == Profile::Wide;
    let (title, title_zh) = if wide {
        (
            withhold(&r.title, &s.withheld, false),
            r.title_zh
                .as_deref()
                .map(|t| withhold(t, &s.withheld, true)),
        )
    } else {
        (r.title, r.title_zh)
    };
    let open = r.status.is_open();
    let w = s.working_days;
    BriefRow {
        working_days_cell: w
            .working_days_with_counterpart_us
            .zip(w.working_days_with_counterpart_prc)
            .map(|(us, prc)| format!("{us} / {prc}")),
        working_days: w,
        raised_words: (s.raised.count > 0).then(|| Phrase {
            en: sentence(s.raised.words_en()),
            zh: s.raised.words_zh(),
        }),
        raised: s.raised,
        linked: linked(&s.links),
        substance: s.substance.map(|x| SubstanceCell {
            prc_status: match x.prc_controlled_on {
                Some(_) => labels::CONTROLLED_BY_PRC_ON,
                None => labels::NOT_CONTROLLED_BY_PRC,
            },
            prc_controlled_on: x.prc_controlled_on,
            name: x.name,
            cas: x.cas,
        }),
        no_prc_response: open && r.transmitted_on.is_some() && r.last_prc_on.is_none(),
        status_label: status_label(r.status, r.kind),
        latest: s.latest.map(|e| EventCell {
            label: event_label(e.event_type),
            on: e.on,
            // A wide-distribution brief leaves the notes out.
            note: if wide { String::new() } else { e.note },
        }),
        id: r.id,
        reference: r.reference,
        title,
        title_zh,
        agency_code: r.counterpart,
        agency_en: s.agency_en,
        agency_zh: s.agency_zh,
        status: r.status,
        open,
        transmitted_on: r.transmitted_on,
        days_with_counterpart: r.days_with_counterpart,
        days_since_prc_response: r.days_since_prc_response,
        overdue: r.overdue,
    }
}

/// Assembles a brief from the items' sources (their figures computed as of `as_of`).
pub fn assemble(sources: Vec<BriefSource>, as_of: NaiveDate, o: &BriefOptions) -> Brief {
    let mut sections: Vec<Section> = Kind::ALL
        .into_iter()
        .filter(|k| o.kinds.is_empty() || o.kinds.contains(k))
        .map(|kind| Section {
            kind,
            label: kind_label(kind),
            rows: Vec::new(),
        })
        .collect();
    let agency = o.agency.as_deref().and_then(|a| {
        let s = sources
            .iter()
            .find(|s| a.eq_ignore_ascii_case(&s.row.counterpart))?;
        s.agency_en.clone().zip(s.agency_zh.clone())
    });
    let scope = scope(o, agency);
    let wanted: Vec<BriefSource> = sources.into_iter().filter(|s| wanted(o, s)).collect();
    let responsiveness = responsiveness(&wanted);
    for s in wanted {
        if let Some(sec) = sections.iter_mut().find(|sec| sec.kind == s.row.kind) {
            sec.rows.push(to_row(s, o.profile));
        }
    }
    sections.retain(|s| !s.rows.is_empty());
    for s in &mut sections {
        s.rows.sort_by(by_wait);
    }

    let open_rows: Vec<&BriefRow> = sections
        .iter()
        .flat_map(|s| &s.rows)
        .filter(|r| r.open)
        .collect();
    let mut open_by_kind_status = Vec::new();
    for sec in &sections {
        for status in Status::ALL {
            let count = sec
                .rows
                .iter()
                .filter(|r| r.open && r.status == status)
                .count();
            if count > 0 {
                open_by_kind_status.push(StatusCount {
                    kind: sec.kind,
                    kind_label: sec.label,
                    status,
                    status_label: status_label(status, sec.kind),
                    count,
                });
            }
        }
    }
    let mut days: Vec<i64> = open_rows
        .iter()
        .filter_map(|r| r.days_with_counterpart)
        .collect();
    days.sort_unstable();
    let summary = BriefSummary {
        open: open_rows.len(),
        open_by_kind_status,
        median_days: median(&days),
        longest_days: days.last().copied(),
        overdue: open_rows.iter().filter(|r| r.overdue).count(),
        no_prc_response: open_rows.iter().filter(|r| r.no_prc_response).count(),
        estimated_working_days: sections
            .iter()
            .flat_map(|s| &s.rows)
            .filter(|r| r.working_days.working_days_estimated)
            .count(),
    };

    let mut item_bars: Vec<(&BriefRow, i64)> = open_rows
        .iter()
        .filter_map(|r| r.days_with_counterpart.map(|d| (*r, d)))
        .collect();
    let chart = if item_bars.len() <= CHART_MAX_ITEM_BARS {
        item_bars.sort_by(|a, b| by_wait(a.0, b.0));
        Chart {
            by: ChartBy::Item,
            bars: item_bars
                .into_iter()
                .map(|(r, value)| Bar {
                    label: r.reference.clone(),
                    label_zh: None,
                    value,
                    overdue: r.overdue,
                })
                .collect(),
            max: 1,
        }
    } else {
        Chart {
            by: ChartBy::KindMedian,
            bars: sections
                .iter()
                .filter_map(|s| {
                    let mut d: Vec<i64> = s
                        .rows
                        .iter()
                        .filter(|r| r.open)
                        .filter_map(|r| r.days_with_counterpart)
                        .collect();
                    d.sort_unstable();
                    median(&d).map(|value| Bar {
                        label: s.label.en.to_owned(),
                        label_zh: Some(s.label.zh.to_owned()),
                        value,
                        overdue: false,
                    })
                })
                .collect(),
            max: 1,
        }
    };
    let chart = Chart {
        max: chart.bars.iter().map(|b| b.value).max().unwrap_or(0).max(1),
        ..chart
    };

    let title = o
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    let marking = match o.marking.trim() {
        "" => DEFAULT_MARKING.to_owned(),
        m => m.to_owned(),
    };
    Brief {
        lang: o.lang,
        title_zh: title.is_none().then_some(labels::STATUS_BRIEF.zh),
        title: title.unwrap_or_else(|| labels::STATUS_BRIEF.en.to_owned()),
        as_of,
        marking_zh: (marking == labels::MARKING_SBU.en).then_some(labels::MARKING_SBU.zh),
        marking,
        prepared_by: o
            .prepared_by
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        profile: o.profile,
        profile_words: o.profile.words(),
        scope,
        changes: None,
        summary,
        chart,
        responsiveness,
        sections,
        audit_head: None,
    }
}
