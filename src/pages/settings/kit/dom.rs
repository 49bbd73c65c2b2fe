//! Reaching into what a settings view has just rendered: the element to focus or to scroll to.

use leptos::prelude::*;
use leptos::tachys::html::element::ElementType;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// In the next animation frame (once the view has rendered), the first element under `node`
/// that one of `selectors` matches, tried in order, given to `then` with `node`'s own element.
/// Nothing happens when there is none, or when the view has gone by then.
pub fn find_next_frame<E>(
    node: NodeRef<E>,
    selectors: &'static [&'static str],
    then: impl FnOnce(&Element, HtmlElement) + 'static,
) where
    E: ElementType,
    E::Output: JsCast + Clone + AsRef<Element> + 'static,
{
    request_animation_frame(move || {
        let Some(root) = node.try_get_untracked().flatten() else {
            return;
        };
        let root: &Element = root.as_ref();
        let found = selectors
            .iter()
            .find_map(|selector| root.query_selector(selector).ok().flatten())
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if let Some(found) = found {
            then(root, found);
        }
    });
}
