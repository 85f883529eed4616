//! Measuring rendered pages: lines, rules and margins from `tests/pdf_facts.py` (PyMuPDF).

use serde_json::Value;

/// Points per millimetre.
pub const MM: f64 = 72.0 / 25.4;

/// One text line of a page as PyMuPDF reads it.
pub struct Line<'a>(pub &'a Value);

impl Line<'_> {
    pub fn text(&self) -> &str {
        self.0["text"].as_str().unwrap()
    }
    pub fn bbox(&self, i: usize) -> f64 {
        self.0["bbox"][i].as_f64().unwrap()
    }
    pub fn x0(&self) -> f64 {
        self.bbox(0)
    }
    pub fn x1(&self) -> f64 {
        self.bbox(2)
    }
    pub fn top(&self) -> f64 {
        self.bbox(1)
    }
    pub fn bottom(&self) -> f64 {
        self.bbox(3)
    }
    pub fn span(&self) -> &Value {
        &self.0["spans"][0]
    }
    pub fn size(&self) -> f64 {
        self.span()["size"].as_f64().unwrap()
    }
    pub fn bold(&self) -> bool {
        self.0["spans"].as_array().unwrap().iter().all(|s| s["bold"].as_bool().unwrap())
    }
    pub fn italic(&self) -> bool {
        self.0["spans"].as_array().unwrap().iter().all(|s| s["italic"].as_bool().unwrap())
    }
    /// The colour of its first span, "#rrggbb".
    pub fn colour(&self) -> &str {
        self.span()["colour"].as_str().unwrap()
    }
    pub fn baseline(&self) -> f64 {
        self.span()["baseline"].as_f64().unwrap()
    }
    pub fn centre(&self) -> f64 {
        (self.x0() + self.x1()) / 2.0
    }
}

pub fn lines(page: &Value) -> Vec<Line<'_>> {
    page["lines"].as_array().unwrap().iter().map(Line).collect()
}

pub fn find<'a>(page: &'a Value, needle: &str) -> Line<'a> {
    lines(page)
        .into_iter()
        .find(|l| l.text().contains(needle))
        .unwrap_or_else(|| panic!("no line containing {needle:?}"))
}

pub fn rules(page: &Value) -> Vec<(f64, f64, f64)> {
    page["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["x0"].as_f64().unwrap(), r["x1"].as_f64().unwrap(), r["y"].as_f64().unwrap()))
        .collect()
}

/// The rule just under a line (within 12 pt below its baseline).
pub fn rule_under(page: &Value, line: &Line) -> (f64, f64, f64) {
    rules(page)
        .into_iter()
        .filter(|(_, _, y)| *y > line.baseline() && *y < line.baseline() + 12.0)
        .min_by(|a, b| a.2.total_cmp(&b.2))
        .unwrap_or_else(|| panic!("no rule under {:?}", line.text()))
}

pub fn in_range(v: f64, lo: f64, hi: f64, what: &str) {
    assert!(v >= lo - 0.05 && v <= hi + 0.05, "{what}: {v:.2} not in {lo}..={hi}");
}

/// On a certificate's sheet, no text crosses the frame (13 mm from every edge).
pub fn assert_inside_frame(facts: &Value, what: &str) {
    for (i, p) in facts["pages"].as_array().unwrap().iter().enumerate() {
        let (w, h) = (p["width"].as_f64().unwrap(), p["height"].as_f64().unwrap());
        for l in lines(p) {
            let inside =
                l.x0() >= 13.0 * MM && l.x1() <= w - 13.0 * MM && l.top() >= 13.0 * MM && l.bottom() <= h - 13.0 * MM;
            assert!(inside, "{what} page {}: {:?} crosses the frame", i + 1, l.text());
        }
    }
}

/// No text of any page crosses the Decree 30 margins (page numbers sit in the top margin).
pub fn assert_margins(facts: &Value, what: &str) {
    for (i, p) in facts["pages"].as_array().unwrap().iter().enumerate() {
        let (w, h) = (p["width"].as_f64().unwrap(), p["height"].as_f64().unwrap());
        for l in lines(p) {
            let is_page_number = l.bottom() < 20.0 * MM && l.text().chars().all(|c| c.is_ascii_digit());
            if is_page_number {
                continue;
            }
            assert!(l.x0() >= 30.0 * MM - 0.1, "{what} page {}: {:?} starts at {:.2} mm", i + 1, l.text(), l.x0() / MM);
            assert!(
                l.x1() <= w - 15.0 * MM + 0.1,
                "{what} page {}: {:?} ends {:.2} mm from the right edge",
                i + 1,
                l.text(),
                (w - l.x1()) / MM
            );
            assert!(l.top() >= 20.0 * MM - 0.1, "{what} page {}: {:?} is in the top margin", i + 1, l.text());
            assert!(l.bottom() <= h - 20.0 * MM + 0.1, "{what} page {}: {:?} is in the bottom margin", i + 1, l.text());
        }
    }
}
