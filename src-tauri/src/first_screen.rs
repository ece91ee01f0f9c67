//! The window's first screen before the start's background work.
//!
//! A start has two pieces of work of its own besides the window: the reminder check
//! ([`crate::reminders`]: every reminder of the database, the first time) and the check of
//! every page ([`crate::page_check`]: the whole file read). On a 100,000-item database they
//! are a core's work for a second or more each, and on a machine of two cores they ran
//! beside the web view laying out its first rows, which then waited for the processor.
//! So both wait until the window says its first screen is up (the first rows listed, or
//! the screen that stands in for them: the unlock, the first start's offer, the recovery),
//! through `commands::app::window_shown`, or at most [`AT_MOST`]: a window that never says so (its page
//! failed to load) must not keep the reminders from firing.

use std::time::Duration;
use tokio::sync::watch;

/// How long the background work waits for the window, at most.
pub const AT_MOST: Duration = Duration::from_secs(5);

/// Whether the window's first screen is up; once it is, it stays so.
pub struct FirstScreen {
    shown: watch::Sender<bool>,
}

impl Default for FirstScreen {
    fn default() -> Self {
        FirstScreen {
            shown: watch::channel(false).0,
        }
    }
}

impl FirstScreen {
    /// The window's first screen is up: whatever waits for it goes on.
    pub fn mark(&self) {
        self.shown.send_replace(true);
    }

    /// Waits until the first screen is up, or [`AT_MOST`]; at once once it has been.
    pub fn wait(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut shown = self.shown.subscribe();
        async move {
            // An error is the sender gone (the app ending): nothing to wait for.
            let _ = tokio::time::timeout(AT_MOST, shown.wait_for(|s| *s)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    /// The background work waits for the window's word, and goes on at once after it.
    #[tokio::test(start_paused = true)]
    async fn the_work_waits_for_the_window() {
        let screen = FirstScreen::default();
        let done = Arc::new(AtomicBool::new(false));
        let waiting = {
            let (wait, done) = (screen.wait(), done.clone());
            tokio::spawn(async move {
                wait.await;
                done.store(true, Ordering::SeqCst);
            })
        };
        // Paused time: the timeout is not reached while the task only yields.
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        assert!(
            !done.load(Ordering::SeqCst),
            "it went on before the window said so"
        );
        screen.mark();
        waiting.await.unwrap();
        assert!(done.load(Ordering::SeqCst));
        // Once shown, a later wait (a database opened later) does not wait.
        tokio::time::timeout(Duration::from_millis(1), screen.wait())
            .await
            .expect("a wait after the first screen was shown waited");
    }

    /// A window that never says so does not keep the work back for more than `AT_MOST`.
    #[tokio::test(start_paused = true)]
    async fn not_for_ever() {
        let screen = FirstScreen::default();
        let started = tokio::time::Instant::now();
        screen.wait().await;
        assert_eq!(started.elapsed(), AT_MOST);
    }
}
