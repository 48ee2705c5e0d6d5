//! The setting a policy is derived in: what placeholders stand for, and
//! where the binder's warnings go.
//!
//! Tasks compute their statements through `Task::policy_statements`, whose
//! signature every generated task implements; the setting travels beside
//! that call (per thread, restored on exit) instead of through it, so a
//! report can collect warnings without a second API on every task.

use std::cell::RefCell;

use super::references::{ByName, References, Stands};

struct Setting {
    /// `None`: the enclosing setting's references (see [`collect_warnings`]).
    references: Option<Box<dyn References>>,
    warnings: Vec<BindWarning>,
}

/// A warning the binder raised: a short code and the message.
pub type BindWarning = (&'static str, String);

thread_local! {
    static SETTING: RefCell<Vec<Setting>> = const { RefCell::new(Vec::new()) };
    static MACHINE_NAME: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f` with `name` as the state machine the statements are for, so
/// grants on the machine itself name it (`stateMachine:<name>`, else
/// `stateMachine:*`); the previous name is restored on exit.
pub fn with_state_machine_name<T>(name: Option<&str>, f: impl FnOnce() -> T) -> T {
    let previous = MACHINE_NAME.with(|m| m.replace(name.map(str::to_owned)));
    // Restore even when `f` panics, as `within` does.
    struct Restore(Option<String>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            MACHINE_NAME.with(|m| *m.borrow_mut() = previous);
        }
    }
    let _restore = Restore(previous);
    f()
}

/// The state machine named by the enclosing [`with_state_machine_name`].
pub(crate) fn state_machine_name() -> Option<String> {
    MACHINE_NAME.with(|m| m.borrow().clone())
}

/// Runs `f` with `references` deciding what placeholders stand for, and
/// returns its result with the warnings the binder raised meanwhile (in
/// order, without repeats).
pub fn with_references<T>(
    references: Box<dyn References>,
    f: impl FnOnce() -> T,
) -> (T, Vec<BindWarning>) {
    within(Some(references), f)
}

/// Runs `f` collecting its warnings apart, with placeholders read as the
/// enclosing [`with_references`] reads them (by their spelling outside one):
/// one setting for a whole definition, one report per task.
pub fn collect_warnings<T>(f: impl FnOnce() -> T) -> (T, Vec<BindWarning>) {
    within(None, f)
}

fn within<T>(
    references: Option<Box<dyn References>>,
    f: impl FnOnce() -> T,
) -> (T, Vec<BindWarning>) {
    SETTING.with(|s| {
        s.borrow_mut().push(Setting {
            references,
            warnings: Vec::new(),
        });
    });
    // Pop even when `f` panics, so a caught panic leaves no stale setting.
    struct Pop;
    impl Drop for Pop {
        fn drop(&mut self) {
            SETTING.with(|s| s.borrow_mut().pop());
        }
    }
    let _pop = Pop;
    let value = f();
    let warnings = SETTING.with(|s| {
        s.borrow_mut()
            .last_mut()
            .map(|s| std::mem::take(&mut s.warnings))
            .unwrap_or_default()
    });
    (value, warnings)
}

/// What `${name}` stands for in the current setting.
pub(crate) fn stands_for(name: &str) -> Stands {
    SETTING.with(
        |s| match s.borrow().iter().rev().find_map(|s| s.references.as_ref()) {
            Some(references) => references.stands_for(name),
            None => ByName.stands_for(name),
        },
    )
}

/// Records a warning for the current report, if one is being made.
pub(crate) fn warn(code: &'static str, message: String) {
    SETTING.with(|s| {
        if let Some(setting) = s.borrow_mut().last_mut()
            && !setting.warnings.iter().any(|(_, m)| *m == message)
        {
            setting.warnings.push((code, message));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_reach_the_innermost_report_only() {
        warn("t", "dropped: no report".to_owned());
        let ((_, inner), outer) = collect_warnings(|| {
            warn("t", "outer".to_owned());
            let inner = collect_warnings(|| {
                warn("t", "inner".to_owned());
                warn("t", "inner".to_owned());
            });
            warn("t", "outer again".to_owned());
            inner
        });
        let text = |w: Vec<BindWarning>| w.into_iter().map(|(_, m)| m).collect::<Vec<_>>();
        assert_eq!(text(inner), ["inner"]);
        assert_eq!(text(outer), ["outer", "outer again"]);
    }

    #[test]
    fn the_machine_name_is_set_for_the_call_only() {
        assert_eq!(state_machine_name(), None);
        let inner = with_state_machine_name(Some("Orders"), || {
            let nested = with_state_machine_name(None, state_machine_name);
            (state_machine_name(), nested)
        });
        assert_eq!(inner, (Some("Orders".to_owned()), None));
        assert_eq!(state_machine_name(), None);
    }

    #[test]
    fn an_inner_report_reads_placeholders_as_its_setting_does() {
        struct AllArns;
        impl References for AllArns {
            fn stands_for(&self, name: &str) -> Stands {
                Stands::Arn(format!("${{{name}}}"))
            }
        }
        assert_eq!(stands_for("Table"), Stands::Name);
        let ((inner, _), _) = with_references(Box::new(AllArns), || {
            collect_warnings(|| stands_for("Table"))
        });
        assert_eq!(inner, Stands::Arn("${Table}".into()));
    }
}
