//! The fields a column can fill and the words that name them: the exact headers Vietnamese
//! lists use, the words a header contains, the names `--column` and the workbench take.

use unicode_normalization::UnicodeNormalization;

/// The fields a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Column {
    /// The nominee's id.
    Id,
    /// Cá nhân, Tập thể or Hộ gia đình.
    Kind,
    /// Full name.
    Name,
    /// Chức vụ.
    Position,
    /// Đơn vị.
    Unit,
    /// A household's address (địa chỉ, nơi cư trú).
    Address,
    /// Ngày sinh.
    BirthDate,
    /// Giới tính.
    Gender,
    /// Tóm tắt thành tích.
    Summary,
    /// Ghi chú.
    Note,
    /// The person's citizen identity number or civil-servant code (stored, never printed).
    PersonId,
    /// The titles or awards proposed (ids or names, separated by commas or semicolons).
    Awards,
    /// Votes in favour, for the one title or award of the row.
    Votes,
    /// A column of one title or award (its header names it): a mark in it ("x") proposes it.
    Mark,
    /// A column that is not imported (STT, …).
    Ignored,
}

/// The field a header names, by the headers Vietnamese lists use (case, accents in NFC or NFD,
/// spaces and a trailing "(*)" do not matter).
pub fn field_of(header: &str) -> Option<Column> {
    let h = key(header);
    Some(match h.as_str() {
        "stt" | "tt" | "số tt" | "số thứ tự" => Column::Ignored,
        "mã" | "id" | "mã số" | "mã người đề nghị" => Column::Id,
        "loại"
        | "đối tượng"
        | "phân loại"
        | "cá nhân/tập thể"
        | "cá nhân / tập thể"
        | "cá nhân, tập thể"
        | "tập thể/cá nhân"
        | "cá nhân/tập thể/hộ gia đình"
        | "tập thể, cá nhân, hộ gia đình" => Column::Kind,
        "họ và tên"
        | "họ tên"
        | "tên"
        | "tên tập thể"
        | "tên cá nhân, tập thể"
        | "tên tập thể/cá nhân"
        | "họ và tên/tên tập thể"
        | "họ và tên / tên tập thể" => Column::Name,
        "chức vụ" | "chức danh" => Column::Position,
        "đơn vị" | "đơn vị công tác" | "nơi công tác" => Column::Unit,
        "địa chỉ" | "nơi cư trú" | "nơi ở" | "địa chỉ hộ gia đình" | "thôn, tổ dân phố" => {
            Column::Address
        }
        "ngày sinh" | "ngày tháng năm sinh" | "ngày, tháng, năm sinh" => Column::BirthDate,
        "giới tính" | "nam/nữ" => Column::Gender,
        "tóm tắt thành tích" | "thành tích" => Column::Summary,
        "ghi chú" => Column::Note,
        "số định danh cá nhân"
        | "số định danh"
        | "mã định danh"
        | "số cccd"
        | "cccd"
        | "số căn cước"
        | "số căn cước công dân"
        | "mã số cán bộ"
        | "mã số công chức"
        | "mã số viên chức" => Column::PersonId,
        "danh hiệu"
        | "hình thức"
        | "hình thức khen thưởng"
        | "danh hiệu, hình thức"
        | "đề nghị"
        | "đề nghị khen thưởng"
        | "danh hiệu/hình thức đề nghị"
        | "danh hiệu đề nghị"
        | "hình thức đề nghị"
        | "danh hiệu, hình thức đề nghị"
        | "danh hiệu thi đua"
        | "danh hiệu thi đua đề nghị"
        | "đề nghị danh hiệu"
        | "hình thức khen thưởng đề nghị"
        | "đề nghị công nhận" => Column::Awards,
        "số phiếu" | "số phiếu đồng ý" | "phiếu đồng ý" | "số phiếu tán thành" => Column::Votes,
        _ => return None,
    })
}

/// A field by its name in a `--column "Header=field"` mapping: the dossier's names, or the
/// Vietnamese words of a header ("Header=Họ và tên", "Header=bỏ qua").
pub fn field_named(name: &str) -> Option<Column> {
    if matches!(key(name).as_str(), "bỏ qua" | "không nhập") {
        return Some(Column::Ignored);
    }
    Some(match name.trim() {
        "id" => Column::Id,
        "kind" => Column::Kind,
        "name" => Column::Name,
        "position" => Column::Position,
        "unit" => Column::Unit,
        "address" => Column::Address,
        "birth_date" => Column::BirthDate,
        "gender" => Column::Gender,
        "summary" => Column::Summary,
        "note" => Column::Note,
        "person_id" => Column::PersonId,
        "awards" => Column::Awards,
        "votes" => Column::Votes,
        "ignore" => Column::Ignored,
        other => return field_of(other).or_else(|| field_by_words(other)),
    })
}

/// A header or value as compared: NFC, lower case, single spaces, no trailing "(*)" or ":".
pub(crate) fn key(s: &str) -> String {
    let s: String = s.nfc().collect::<String>().to_lowercase();
    let s = s.trim().trim_end_matches("(*)").trim_end_matches('*').trim_end_matches(':').trim();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The field a header names by the words it contains, when no exact header matches: the guess
/// behind [`Match::Words`].
pub fn field_by_words(header: &str) -> Option<Column> {
    let h = key(header);
    let has = |w: &str| h.contains(w);
    Some(if has("phiếu") {
        Column::Votes
    } else if has("tóm tắt") || h.starts_with("thành tích") {
        Column::Summary
    } else if has("họ và tên") || has("họ tên") || h.starts_with("tên ") {
        Column::Name
    } else if has("ngày sinh") || has("năm sinh") {
        Column::BirthDate
    } else if has("giới tính") {
        Column::Gender
    } else if has("chức vụ") || has("chức danh") {
        Column::Position
    } else if has("đơn vị") || has("nơi công tác") || has("phòng, ban") {
        Column::Unit
    } else if has("địa chỉ") || has("cư trú") {
        Column::Address
    } else if has("danh hiệu") || has("hình thức") || has("khen thưởng") || has("đề nghị") {
        Column::Awards
    } else if has("ghi chú") {
        Column::Note
    } else if has("cá nhân") && has("tập thể") {
        Column::Kind
    } else {
        return None;
    })
}

/// The name a column fills, as the dossier writes it.
pub(crate) fn field_name(c: Column) -> Option<&'static str> {
    Some(match c {
        Column::Id => "id",
        Column::Kind => "kind",
        Column::Name => "name",
        Column::Position => "position",
        Column::Unit => "unit",
        Column::Address => "address",
        Column::BirthDate => "birth_date",
        Column::Gender => "gender",
        Column::Summary => "summary",
        Column::Note => "note",
        Column::PersonId => "person_id",
        Column::Awards | Column::Mark => "awards",
        Column::Votes => "votes",
        Column::Ignored => return None,
    })
}

/// The field a column fills as the clerk reads it ("Họ và tên", "Ngày sinh", …): the words
/// `--column` and the workbench take.
pub fn field_words(c: Column) -> Option<&'static str> {
    Some(match c {
        Column::Id => "Mã",
        Column::Kind => "Loại",
        Column::Name => "Họ và tên",
        Column::Position => "Chức vụ",
        Column::Unit => "Đơn vị",
        Column::Address => "Địa chỉ",
        Column::BirthDate => "Ngày sinh",
        Column::Gender => "Giới tính",
        Column::Summary => "Tóm tắt thành tích",
        Column::Note => "Ghi chú",
        Column::PersonId => "Số định danh cá nhân",
        Column::Awards => "Danh hiệu",
        Column::Mark => "Danh hiệu (đánh dấu)",
        Column::Votes => "Số phiếu",
        Column::Ignored => return None,
    })
}
