//! Logins generated from a person's full name, transliterated the way Russian
//! passports do it (MVD order No. 889 of 2015, following ICAO Doc 9303), so a
//! login matches the Latin spelling people already have in their documents.

/// Transliterates one Cyrillic letter (lowercase) as in a Russian passport;
/// other characters pass through lowercased.
fn letter(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "ie",
        'ы' => "y",
        'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        _ => "",
    }
}

/// Transliterates `text` to lowercase Latin; Latin letters and digits are
/// kept, hyphens kept between letters, anything else dropped.
pub fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '-' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(letter(c));
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The login stem for a full name «Фамилия Имя Отчество»: the transliterated
/// surname, a dot, and the first letters of the transliterated given name and
/// patronymic («Иванов Иван Иванович» → `ivanov.ii`). `None` when the name
/// has no surname and given name.
pub fn login_stem(full_name: &str) -> Option<String> {
    let mut parts = full_name
        .split_whitespace()
        .map(transliterate)
        .filter(|p| !p.is_empty());
    let surname = parts.next()?;
    let initials: String = parts.take(2).filter_map(|p| p.chars().next()).collect();
    if initials.is_empty() {
        return None;
    }
    Some(format!("{surname}.{initials}"))
}

/// The first login for `full_name` not rejected by `taken`: the stem, then the
/// stem with 2, 3, … appended (`ivanov.ii2`).
pub fn unique_login(full_name: &str, mut taken: impl FnMut(&str) -> bool) -> Option<String> {
    let stem = login_stem(full_name)?;
    if !taken(&stem) {
        return Some(stem);
    }
    (2u32..100_000)
        .map(|n| format!("{stem}{n}"))
        .find(|candidate| !taken(candidate))
}
