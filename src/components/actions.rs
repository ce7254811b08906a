//! Several server actions of one page seen as one: the page's state is fetched again whenever
//! any of them completes, and its alert shows the error of the one that finished last.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::domain::AppError;

/// The actions of one page. `Copy`, so every step of the page can take it.
#[derive(Clone, Copy)]
pub struct PageActions {
    versions: StoredValue<Vec<RwSignal<usize>>>,
    errors: StoredValue<Vec<Signal<Option<AppError>>>>,
    /// Which action finished last (its error is the one to show).
    last: RwSignal<Option<usize>>,
}

impl std::fmt::Debug for PageActions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageActions").finish_non_exhaustive()
    }
}

impl Default for PageActions {
    fn default() -> Self {
        Self::new()
    }
}

impl PageActions {
    pub fn new() -> Self {
        PageActions {
            versions: StoredValue::new(Vec::new()),
            errors: StoredValue::new(Vec::new()),
            last: RwSignal::new(None),
        }
    }

    /// A new server action, counted among the page's. Without JavaScript its error (if the
    /// form post failed) arrives in the URL and is read here.
    pub fn action<S>(&self) -> ServerAction<S>
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let action = ServerAction::<S>::new();
        self.track(action);
        action
    }

    /// Counts an action created elsewhere among the page's.
    pub fn track<S>(&self, action: ServerAction<S>)
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let version = action.version();
        let index = self.versions.with_value(Vec::len);
        self.versions.update_value(|v| v.push(version));
        self.errors.update_value(|e| {
            e.push(Signal::derive(move || {
                action.value().get().and_then(|r| r.err())
            }))
        });
        let last = self.last;
        Effect::new(move |previous: Option<usize>| {
            let now = version.get();
            if previous.is_some_and(|p| p != now) {
                last.set(Some(index));
            }
            now
        });
    }

    /// Changes whenever any of the actions completes.
    pub fn version(&self) -> usize {
        self.versions
            .with_value(|v| v.iter().map(|s| s.get()).sum())
    }

    /// The error of the action that finished last, if it failed. Without JavaScript there is
    /// at most one (carried back in the URL by the form post), so the first one found is it.
    pub fn error(&self) -> Option<AppError> {
        let errors: Vec<Option<AppError>> = self
            .errors
            .with_value(|e| e.iter().map(|s| s.get()).collect());
        match self.last.get() {
            Some(index) => errors.get(index).cloned().flatten(),
            None => errors.into_iter().flatten().next(),
        }
    }
}

/// Runs `then` each time `action` completes successfully (in the browser; never for an error
/// carried in the URL, and never on the server).
pub fn on_success<S>(action: ServerAction<S>, then: impl Fn() + 'static)
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let version = action.version();
    Effect::new(move |previous: Option<usize>| {
        let now = version.get();
        if previous.is_some_and(|p| p != now)
            && action.value().with_untracked(|v| matches!(v, Some(Ok(_))))
        {
            then();
        }
        now
    });
}
