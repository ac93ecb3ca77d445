//! Reactive values with one type each, so the WebAssembly carries one copy of Leptos'
//! machinery for them rather than one per call site.
//!
//! Leptos compiles its memo, effect and rendering code once for every value type and every
//! closure type it is given: thirty memos of thirty types, or a hundred `move || …` closures in
//! views, each bring their own copy (twiggy showed 2–7 KB apiece). Here every derived value is
//! a `Memo<Shared>` (one type, whatever it holds), every effect runs a boxed closure, views take
//! text and flags as `Signal<String>` and `Signal<bool>`, and window listeners are boxed.

use std::any::Any;
use std::marker::PhantomData;
use std::sync::Arc;

use leptos::prelude::*;

/// Any derived value, compared with the last one by the value's own `PartialEq`.
#[derive(Clone)]
pub struct Shared {
    value: Arc<dyn Any + Send + Sync>,
    same: fn(&(dyn Any + Send + Sync), &(dyn Any + Send + Sync)) -> bool,
}

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.value, &other.value) || (self.same)(&*self.value, &*other.value)
    }
}

fn same_value<T: PartialEq + 'static>(
    a: &(dyn Any + Send + Sync),
    b: &(dyn Any + Send + Sync),
) -> bool {
    matches!((a.downcast_ref::<T>(), b.downcast_ref::<T>()), (Some(a), Some(b)) if a == b)
}

/// A memo of a `T`: `Copy`, cached, recomputed when what it read changes, and a change only
/// when the new value differs.
pub struct Derived<T> {
    memo: Memo<Shared>,
    kind: PhantomData<fn() -> T>,
}

impl<T> Clone for Derived<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Derived<T> {}

/// One compute function type for every memo: the memo machinery is compiled once.
type Compute = Box<dyn Fn() -> Shared + Send + Sync>;

fn memo_of(compute: Compute) -> Memo<Shared> {
    Memo::new(move |_| compute())
}

/// A memo compared by value (`PartialEq`): readers wake only when the value really changes.
pub fn derived<T: PartialEq + Send + Sync + 'static>(
    f: impl Fn() -> T + Send + Sync + 'static,
) -> Derived<T> {
    Derived {
        memo: memo_of(Box::new(move || Shared {
            value: Arc::new(f()),
            same: same_value::<T>,
        })),
        kind: PhantomData,
    }
}

impl<T: Send + Sync + 'static> Derived<T> {
    /// Reads the value (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.memo.with(|s| f(downcast(s)))
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.memo.with_untracked(|s| f(downcast(s)))
    }

    /// The value itself, shared (tracked): no copy of a big value.
    pub fn shared(&self) -> Arc<T> {
        self.memo.with(|s| {
            Arc::clone(&s.value)
                .downcast::<T>()
                .unwrap_or_else(|_| unreachable!("a Derived<T> always holds a T"))
        })
    }

    pub fn track(&self) {
        self.memo.track();
    }
}

impl<T: Clone + Send + Sync + 'static> Derived<T> {
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }
}

fn downcast<T: 'static>(s: &Shared) -> &T {
    s.value
        .downcast_ref::<T>()
        .expect("a Derived<T> always holds a T")
}

/// One effect function type for every effect.
type Run = Box<dyn Fn()>;

fn effect_of(run: Run) {
    Effect::new(move |_| run());
}

/// Runs `f` now and again whenever what it read changes.
pub fn effect(f: impl Fn() + 'static) {
    effect_of(Box::new(f));
}

/// A copy of `source` that follows it in the task after the next painted frame.
///
/// What reads the copy instead of the source (the map, the timeline, the filter counts over
/// 26,000 links) redraws after the browser has painted the input's own answer (the ticked box,
/// the moved thumb, the address): the input is answered at once, and the long redraw no longer
/// holds up that paint. Changes within one frame are applied once, with the last value; a
/// change back to the copy's value within the frame applies nothing. A page with no frames
/// (hidden) applies it after `DEFERRED_FALLBACK_MS`.
pub fn deferred<T: Clone + PartialEq + Send + Sync + 'static>(
    source: impl Fn() -> T + 'static,
) -> ReadSignal<T> {
    let copy = RwSignal::new(untrack(&source));
    let pending = StoredValue::new_local(None::<T>);
    effect(move || {
        let value = source();
        let scheduled = pending.with_value(Option::is_some);
        if !scheduled && copy.with_untracked(|c| *c == value) {
            return;
        }
        pending.set_value(Some(value));
        if scheduled {
            return;
        }
        let apply = move || {
            let Some(value) = pending.try_update_value(Option::take).flatten() else {
                return;
            };
            if copy.with_untracked(|c| *c != value) {
                copy.set(value);
            }
        };
        request_animation_frame(move || set_timeout(apply, std::time::Duration::ZERO));
        set_timeout(
            apply,
            std::time::Duration::from_millis(DEFERRED_FALLBACK_MS),
        );
    });
    copy.read_only()
}

/// How long a deferred copy waits for a frame before it follows its source anyway.
const DEFERRED_FALLBACK_MS: u64 = 250;

/// Reactive text for a view (a child or an attribute): every call site shares one type, so
/// the view code for it is compiled once.
pub fn text(f: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(f)
}

/// A reactive yes/no for a view (`hidden=`, `class:x=`), one type for all.
pub fn flag(f: impl Fn() -> bool + Send + Sync + 'static) -> Signal<bool> {
    Signal::derive(f)
}

/// A window event listener for the page's life, one type for all: the event comes as a plain
/// `Event` for the caller to cast.
pub fn on_window(name: &'static str, f: impl Fn(web_sys::Event) + 'static) {
    let f: Box<dyn Fn(web_sys::Event)> = Box::new(f);
    let _ = window_event_listener_untyped(name, f);
}

/// The explorer's first build, spread over several tasks so that no single one holds the page
/// (a phone took one ~160 ms task at 4× CPU for the whole tree, the total blocking time
/// Lighthouse counts). The page's painted-in-advance first view (`#boot`) stays on screen
/// meanwhile, and the app's parts stay out of it (`html.mounting` hides them): the app shows
/// itself whole, in one frame, once its last part is built ([`Mounting::done`]).
#[derive(Clone, Copy)]
pub struct Mounting {
    stage: RwSignal<u8>,
}

/// The stage whose parts complete the explorer; reaching it shows the app.
pub const LAST_STAGE: u8 = 4;

/// While the app is being built: the class on `<html>` that hides the app's parts.
const MOUNTING_CLASS: &str = "mounting";

impl Mounting {
    /// Stage 0 (built with the app's root now); the later stages follow, one task each. Not
    /// `staged` (the presenter's page) or a hidden tab, whose timers may wait a second: all at
    /// once.
    pub fn start(staged: bool) -> Self {
        let visible = staged && document().visibility_state() == web_sys::VisibilityState::Visible;
        let mounting = Self {
            stage: RwSignal::new(if visible { 0 } else { LAST_STAGE }),
        };
        if visible {
            if let Some(html) = document().document_element() {
                let _ = html.class_list().add_1(MOUNTING_CLASS);
            }
            mounting.next();
        }
        mounting
    }

    /// Everything built up to `stage` is in place (tracked).
    pub fn reached(&self, stage: u8) -> bool {
        self.stage.get() >= stage
    }

    /// The whole app is built and shown (tracked).
    pub fn done(&self) -> bool {
        self.reached(LAST_STAGE)
    }

    fn next(self) {
        set_timeout(
            move || {
                self.stage.update(|s| *s += 1);
                if self.stage.get_untracked() < LAST_STAGE {
                    self.next();
                }
            },
            std::time::Duration::ZERO,
        );
    }

    /// Shows the app: called once its last part is in place.
    pub fn show(&self) {
        if let Some(html) = document().document_element() {
            let _ = html.class_list().remove_1(MOUNTING_CLASS);
        }
    }
}

/// Renders `children` only while `when` holds, built then (one view type for every deferred
/// part).
#[component]
pub fn Later(when: Signal<bool>, children: ChildrenFn) -> impl IntoView {
    move || when.get().then(|| children())
}

/// Renders `children` from the mount's `stage` on.
#[component]
pub fn AtStage(stage: u8, children: ChildrenFn) -> impl IntoView {
    let mounting = expect_context::<Mounting>();
    Later(LaterProps {
        when: flag(move || mounting.reached(stage)),
        children,
    })
}

/// Renders `children` only once the first view with data is on screen: what is below the map
/// and the timeline (statistics, credits) need not hold up their first paint.
#[component]
pub fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let model = expect_context::<crate::model::Model>();
    let mounting = expect_context::<Mounting>();
    let shown = RwSignal::new(false);
    effect(move || {
        if shown.get_untracked() || !mounting.done() || model.loaded.with(Option::is_none) {
            return;
        }
        // Two frames: the first paints the data's first view, the second lets the rest in.
        request_animation_frame(move || {
            request_animation_frame(move || shown.set(true));
        });
    });
    Later(LaterProps {
        when: shown.into(),
        children,
    })
}
