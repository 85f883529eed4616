//! Word groups a line must not break inside: place names ("Hồ Chí Minh", "Bà Rịa - Vũng Tàu",
//! "xã Mù Cang Chải") and the two-syllable words of agency names ("phổ thông", "nhân dân").
//!
//! Vietnamese writes one syllable per space, so a line breaker that breaks at any space cuts
//! words and names in half ("TRƯỜNG TRUNG HỌC PHỔ / THÔNG", "NINH / BÌNH"). The header's agency
//! lines are sent to the template as these groups, and the template breaks only between them.

/// Two-syllable words common in the names of agencies, units and positions, lower-case.
const COMPOUNDS: &[&str] = &[
    "an ninh",
    "ban hành",
    "bảo hiểm",
    "bảo vệ",
    "bệnh tật",
    "bệnh viện",
    "bình đẳng",
    "bồi dưỡng",
    "cao đẳng",
    "chăm sóc",
    "chính sách",
    "chính trị",
    "chuyên biệt",
    "chuyên môn",
    "chữ thập",
    "công an",
    "công đoàn",
    "công nghệ",
    "công nghiệp",
    "công thương",
    "công trình",
    "cơ bản",
    "cơ sở",
    "cựu chiến",
    "chiến binh",
    "dân dụng",
    "dân số",
    "dân tộc",
    "dạy nghề",
    "dịch vụ",
    "du lịch",
    "dự án",
    "đa khoa",
    "đào tạo",
    "đại học",
    "đầu tư",
    "điều dưỡng",
    "điều hành",
    "đô thị",
    "đối ngoại",
    "gia đình",
    "giao thông",
    "giáo dục",
    "giáo viên",
    "hành chính",
    "hậu cần",
    "hỗ trợ",
    "hội đồng",
    "hợp tác",
    "hướng nghiệp",
    "kế hoạch",
    "kế toán",
    "khen thưởng",
    "khoa học",
    "khuyến học",
    "khuyến nông",
    "kiểm soát",
    "kiểm tra",
    "kinh tế",
    "kỹ thuật",
    "lao động",
    "lâm nghiệp",
    "liên cấp",
    "liên đoàn",
    "mặt trận",
    "mầm non",
    "môi trường",
    "năng khiếu",
    "nghề nghiệp",
    "nghiệp vụ",
    "ngoại vụ",
    "nhà nước",
    "nhân dân",
    "nhân lực",
    "nội trú",
    "nội vụ",
    "nông dân",
    "nông nghiệp",
    "nông thôn",
    "pháp chế",
    "phát thanh",
    "phát triển",
    "phổ thông",
    "phục hồi",
    "phụ nữ",
    "quản lý",
    "quan hệ",
    "quân sự",
    "quốc gia",
    "quốc phòng",
    "sinh viên",
    "sư phạm",
    "tài chính",
    "tài nguyên",
    "thanh niên",
    "thanh tra",
    "thành phố",
    "thể dục",
    "thể thao",
    "thi đua",
    "thị trấn",
    "thị xã",
    "thiếu niên",
    "thông tin",
    "thú y",
    "thủy lợi",
    "thủy sản",
    "thương binh",
    "thường trực",
    "thường xuyên",
    "tiểu học",
    "tổ chức",
    "tổ quốc",
    "trung cấp",
    "trung học",
    "trung tâm",
    "truyền hình",
    "truyền thông",
    "tuyển sinh",
    "tư pháp",
    "tư vấn",
    "ủy ban",
    "văn hóa",
    "văn phòng",
    "vận tải",
    "việc làm",
    "xã hội",
    "xây dựng",
    "y tế",
];

/// Words that introduce a place name: the name after them stays with them.
const PLACE_KINDS: &[&str] = &["tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu"];

/// The longest group, in syllables: a longer run is broken anyway rather than overflow a column.
const MAX_GROUP: usize = 6;

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// `line` cut into the groups it may break between, in order; joined with spaces they give the
/// line back.
pub(crate) fn groups(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Vec::new();
    }
    // A line typed all in capitals tells nothing about names: only the dictionary applies.
    let cased = words.iter().any(|w| w.chars().any(char::is_lowercase));
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    // glue[i]: words i and i + 1 stay together.
    let mut glue = vec![false; words.len()];
    for i in 0..words.len() - 1 {
        let pair = format!("{} {}", lower[i], lower[i + 1]);
        if COMPOUNDS.contains(&pair.as_str()) {
            glue[i] = true;
        }
        if cased && capitalised(words[i]) && capitalised(words[i + 1]) {
            glue[i] = true;
        }
        // A dash between parts of a name starts a line, never ends one.
        if matches!(words[i], "-" | "–") {
            glue[i] = true;
        }
        // "Bà Rịa - Vũng Tàu": a hyphen between two capitalised names.
        if cased && words[i] == "-" && i > 0 && capitalised(words[i - 1]) && capitalised(words[i + 1]) {
            glue[i - 1] = true;
            glue[i] = true;
        }
    }
    // A place kind ("tỉnh", "thành phố") holds the capitalised name after it.
    if cased {
        let mut i = 0;
        while i < words.len() {
            let kind = PLACE_KINDS.iter().find(|k| {
                let n = k.split(' ').count();
                i + n < words.len() && lower[i..i + n].join(" ") == **k
            });
            if let Some(kind) = kind {
                let n = kind.split(' ').count();
                if capitalised(words[i + n]) {
                    // The place starts a group of its own ("… Lê Hồng Phong | Thành phố Hồ Chí
                    // Minh") and holds its name.
                    if i > 0 {
                        glue[i - 1] = false;
                    }
                    for g in glue.iter_mut().skip(i).take(n) {
                        *g = true;
                    }
                }
                i += n;
            } else {
                i += 1;
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        current.push(w);
        if !glue[i] || current.len() >= MAX_GROUP {
            out.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_stay_whole() {
        assert_eq!(groups("Đại học Quốc gia Thành phố Hồ Chí Minh"), ["Đại học", "Quốc gia", "Thành phố Hồ Chí Minh"]);
        assert_eq!(groups("Ủy ban nhân dân xã Mù Cang Chải"), ["Ủy ban", "nhân dân", "xã Mù Cang Chải"]);
        assert_eq!(
            groups("Bệnh viện Đa khoa tỉnh Bà Rịa - Vũng Tàu"),
            ["Bệnh viện", "Đa khoa", "tỉnh Bà Rịa - Vũng Tàu"]
        );
        assert_eq!(groups("Sở Y tế tỉnh Ninh Bình"), ["Sở Y tế", "tỉnh Ninh Bình"]);
        assert_eq!(
            groups("Trường Trung học phổ thông Chuyên Lê Hồng Phong Thành phố Hồ Chí Minh"),
            ["Trường Trung học", "phổ thông", "Chuyên Lê Hồng Phong", "Thành phố Hồ Chí Minh"]
        );
    }

    #[test]
    fn words_of_two_syllables_stay_whole() {
        assert_eq!(groups("Trường Trung học phổ thông Nguyễn Trãi"), ["Trường Trung học", "phổ thông", "Nguyễn Trãi"]);
        assert_eq!(groups("Sở Lao động - Thương binh và Xã hội"), ["Sở Lao động", "- Thương binh", "và", "Xã hội"]);
    }

    #[test]
    fn capitals_and_long_runs() {
        // Typed in capitals: the dictionary still holds words together.
        assert_eq!(groups("TRƯỜNG TRUNG HỌC PHỔ THÔNG"), ["TRƯỜNG", "TRUNG HỌC", "PHỔ THÔNG"]);
        // No group grows past six syllables.
        assert!(groups("Công Tằng Tôn Nữ Thị Kim Ửng Hoa").iter().all(|g| g.split(' ').count() <= MAX_GROUP));
        assert_eq!(groups(""), Vec::<String>::new());
        assert_eq!(groups("a  b").join(" "), "a b");
    }
}
