//! Logins from full names by the Russian passport transliteration.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use proptest::prelude::*;
use stratmon_core::auth::{login_stem, transliterate, unique_login};
use stratmon_core::model::UserId;

#[test]
fn ivanov_ivan_ivanovich_becomes_ivanov_ii() {
    assert_eq!(
        login_stem("Иванов Иван Иванович").as_deref(),
        Some("ivanov.ii")
    );
}

#[test]
fn every_letter_follows_the_passport_table() {
    assert_eq!(
        transliterate("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
        "abvgdeezhziiklmnoprstufkhtschshshchieyeiuia"
    );
    assert_eq!(transliterate("Щукин"), "shchukin");
    assert_eq!(transliterate("Хабибуллина"), "khabibullina");
    assert_eq!(transliterate("Цой"), "tsoi");
    assert_eq!(transliterate("Подъячев"), "podieiachev");
    assert_eq!(transliterate("Юрьева"), "iureva");
}

#[test]
fn hyphenated_surnames_keep_the_hyphen_and_names_without_patronymic_work() {
    assert_eq!(
        login_stem("Петров-Водкин Кузьма Сергеевич").as_deref(),
        Some("petrov-vodkin.ks")
    );
    assert_eq!(login_stem("Ким Виктор").as_deref(), Some("kim.v"));
    assert_eq!(
        login_stem("  Ёлкина   Юлия  Андреевна ").as_deref(),
        Some("elkina.ia")
    );
    assert_eq!(login_stem("Иванов"), None);
    assert_eq!(login_stem(""), None);
}

#[test]
fn a_taken_login_gets_the_next_free_number() {
    let taken = ["ivanov.ii", "ivanov.ii2"];
    assert_eq!(
        unique_login("Иванов Игорь Ильич", |l| taken.contains(&l)).as_deref(),
        Some("ivanov.ii3")
    );
    assert_eq!(
        unique_login("Иванова Ирина Игоревна", |l| taken
            .contains(&l))
        .as_deref(),
        Some("ivanova.ii")
    );
}

proptest! {
    /// Any Cyrillic full name yields a valid, lowercase ASCII login.
    #[test]
    fn any_cyrillic_name_gives_a_valid_login(
        surname in "[А-ЯЁ][а-яё]{1,15}(-[А-ЯЁ][а-яё]{1,10})?",
        name in "[А-ЯЁ][а-яё]{1,12}",
        patronymic in "([А-ЯЁ][а-яё]{1,15})?",
    ) {
        let full = format!("{surname} {name} {patronymic}");
        let login = login_stem(&full).unwrap();
        prop_assert!(UserId::new(login.clone()).is_ok(), "{}", login);
        prop_assert!(login.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '-'), "{}", login);
    }
}
