//! Every bound hoso puts on what it is given, in one place. A dossier, a spreadsheet, an evidence
//! file or a request past one of these is refused with a clear message at its file or JSON
//! path, before the work it would cost is done: a small hostile file must never take the
//! machine (a pixel bomb, a zip or stream that inflates to gigabytes, a form that draws itself,
//! a wording template that loops). Each bound is far above what a real dossier needs, and says
//! why it is where it is. The README's "Limits" section lists them for the people who run hoso.

/// The most pixels an image may have (evidence, signature, seal, emblem, and each image inside
/// an evidence PDF): 60 million, a full A4 page at 900 dpi. More is a decompression bomb (a
/// small file that decodes to gigabytes), never a scan.
pub const MAX_PIXELS: u64 = 60_000_000;

/// The largest colour profile (or other compressed side chunk: zTXt, iTXt) a PNG may carry once
/// inflated, in bytes: real ICC profiles are a few kilobytes to a megabyte.
pub const MAX_PNG_CHUNK: usize = 4 << 20;

/// The most memory decoding one JPEG may take to check it (the decoder's allocation limit).
pub const MAX_JPEG_DECODE: u64 = 256 << 20;

/// Pages one evidence PDF may have: a scanned decision or certificate is a few pages; a
/// thousand-page PDF is not evidence of one person's achievement (and would be gigabytes once
/// converted).
pub const MAX_PDF_PAGES: usize = 50;

/// Evidence pages (images and PDF pages) one dossier may carry in all.
pub const MAX_EVIDENCE_PAGES: usize = 400;

/// Objects one evidence PDF may hold.
pub const MAX_PDF_OBJECTS: usize = 200_000;

/// The most bytes one stream of an evidence PDF may inflate to (a page's drawing, a font).
pub const MAX_PDF_STREAM: usize = 64 << 20;

/// The most bytes all streams of one evidence PDF may inflate to together.
pub const MAX_PDF_INFLATED: usize = 256 << 20;

/// How deep forms, patterns and Type 3 glyphs may draw one another in an evidence PDF, and how
/// many such drawings a page may make in all (a form that draws itself twice would otherwise
/// be drawn 2⁵⁰ times).
pub const MAX_PDF_NESTING: usize = 12;
/// See [`MAX_PDF_NESTING`].
pub const MAX_PDF_DRAWINGS: usize = 5_000;

/// The most bytes one evidence page may take once converted for the archival PDF (SVG).
pub const MAX_CONVERTED_PAGE: usize = 48 << 20;

/// The largest spreadsheet file imported, in bytes.
pub const MAX_SHEET_FILE: u64 = 32 << 20;

/// The most bytes the parts of a spreadsheet (.xlsx, .ods: zip archives) may inflate to together,
/// and each part alone.
pub const MAX_SHEET_INFLATED: u64 = 256 << 20;
/// See [`MAX_SHEET_INFLATED`].
pub const MAX_SHEET_PART: u64 = 128 << 20;

/// Rows and columns a sheet may use: a province's year-end list is a few thousand rows of a
/// dozen columns. A cell past these (a stray mark at XFD1048576) is refused by its address.
pub const MAX_SHEET_ROWS: u32 = 60_000;
/// See [`MAX_SHEET_ROWS`].
pub const MAX_SHEET_COLUMNS: u32 = 256;
/// Cells with data a sheet may hold.
pub const MAX_SHEET_CELLS: usize = 2_000_000;

/// Characters one text field may hold. A field printed as one line or a table cell (a name, a
/// position, a unit, a title, an id) holds at most [`MAX_LINE_CHARS`]; a paragraph (a summary, a
/// report's section, a body paragraph) at most [`MAX_PARAGRAPH_CHARS`], about eight A4 pages of
/// 13-point text; any other string at most [`MAX_TEXT_CHARS`].
pub const MAX_LINE_CHARS: usize = 1_000;
/// See [`MAX_LINE_CHARS`].
pub const MAX_PARAGRAPH_CHARS: usize = 30_000;
/// See [`MAX_LINE_CHARS`].
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Items one list of a dossier may hold (nominees, votes, awardees, paragraphs, …): a province's
/// consolidated decision is a few thousand names.
pub const MAX_LIST_ITEMS: usize = 50_000;

/// The instructions one wording template may run (minijinja's fuel): a real one uses a few
/// hundred; nested loops over a dossier's lists would otherwise run for hours.
pub const MAX_WORDING_FUEL: u64 = 200_000;

/// Characters one rendered wording may produce.
pub const MAX_WORDING_CHARS: usize = 20_000;

/// Pixels one preview request may draw, all pages together (a page of A4 at the default scale
/// is half a million): pages past the budget come back as text only.
pub const MAX_PREVIEW_PIXELS: u64 = 30_000_000;

/// The largest request body the service takes by default, in bytes (413 past it).
pub const DEFAULT_BODY: usize = 64 << 20;

/// Seconds a client may take to send a request's headers before the service closes the
/// connection — the same for an idle kept-alive connection waiting for its next request.
pub const HEADER_SECONDS: u64 = 30;
/// Seconds a client may take to send a request's body (408 past it).
pub const BODY_SECONDS: u64 = 120;
