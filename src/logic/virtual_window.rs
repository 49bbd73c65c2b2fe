//! Which rows of a long list to put in the DOM: only those in view, plus a few on each side so
//! that fast scrolling does not flash empty space. Pure, so it is tested natively; the
//! `VirtualList` component feeds it the scroll position.

/// The slice of rows to render and where it sits inside the full-height scroll area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// First row to render.
    pub start: usize,
    /// One past the last row to render.
    pub end: usize,
    /// Distance from the top of the scroll area to row `start`, in pixels.
    pub offset: f64,
    /// Height of all rows together, in pixels: the scroll area's height.
    pub total_height: f64,
}

impl Window {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The rows visible at `scroll_top` in a `viewport`-high area of `count` rows of
/// `row_height`, widened by `overscan` rows on both sides.
pub fn window(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    count: usize,
    overscan: usize,
) -> Window {
    let total_height = row_height * count as f64;
    if count == 0 || row_height <= 0.0 {
        return Window {
            start: 0,
            end: 0,
            offset: 0.0,
            total_height: total_height.max(0.0),
        };
    }
    // Browsers report fractional and, on elastic scrolling, out-of-range positions.
    let max_top = (total_height - viewport).max(0.0);
    let top = scroll_top.clamp(0.0, max_top);
    let first_visible = ((top / row_height).floor() as usize).min(count - 1);
    let visible = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    let start = first_visible.saturating_sub(overscan);
    let end = (first_visible + visible + overscan).min(count);
    Window {
        start,
        end,
        offset: start as f64 * row_height,
        total_height,
    }
}

/// The scroll position that brings row `index` fully into view, moving as little as possible
/// (for keyboard navigation through a virtualized list).
pub fn scroll_to_reveal(index: usize, scroll_top: f64, viewport: f64, row_height: f64) -> f64 {
    let row_top = index as f64 * row_height;
    let row_bottom = row_top + row_height;
    if row_top < scroll_top {
        row_top
    } else if row_bottom > scroll_top + viewport {
        row_bottom - viewport
    } else {
        scroll_top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_only_what_is_in_view_plus_overscan() {
        let w = window(0.0, 720.0, 72.0, 100_000, 4);
        assert_eq!((w.start, w.end), (0, 15));
        assert_eq!(w.offset, 0.0);
        assert_eq!(w.total_height, 7_200_000.0);

        // Deep in a 100,000-row list the slice stays the same size.
        let w = window(72.0 * 50_000.0 + 10.0, 720.0, 72.0, 100_000, 4);
        assert_eq!((w.start, w.end), (49_996, 50_015));
        assert_eq!(w.offset, 72.0 * 49_996.0);
        assert!(w.len() <= 20);
    }

    #[test]
    fn clamps_at_both_ends() {
        let w = window(-300.0, 720.0, 72.0, 1_000, 4);
        assert_eq!(w.start, 0);
        let w = window(1e12, 720.0, 72.0, 1_000, 4);
        assert_eq!(w.end, 1_000);
        assert!(w.start < w.end);
        // Fewer rows than fit: all of them.
        let w = window(0.0, 720.0, 72.0, 3, 4);
        assert_eq!((w.start, w.end), (0, 3));
    }

    #[test]
    fn nothing_to_render_for_an_empty_list() {
        let w = window(100.0, 720.0, 72.0, 0, 4);
        assert!(w.is_empty());
        assert_eq!(w.total_height, 0.0);
        assert!(window(0.0, 720.0, 0.0, 10, 4).is_empty());
    }

    #[test]
    fn revealing_a_row_scrolls_as_little_as_possible() {
        // Already visible: stay.
        assert_eq!(scroll_to_reveal(3, 0.0, 720.0, 72.0), 0.0);
        // Below the fold: its bottom meets the viewport's bottom.
        assert_eq!(scroll_to_reveal(10, 0.0, 720.0, 72.0), 72.0 * 11.0 - 720.0);
        // Above: its top meets the viewport's top.
        assert_eq!(scroll_to_reveal(2, 500.0, 720.0, 72.0), 144.0);
    }
}
