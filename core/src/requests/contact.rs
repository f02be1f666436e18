//! Contact details as written on the request forms.

/// Whether `email` looks like a deliverable address: one `@`, a non-empty
/// local part, a dotted domain, no spaces, at most 254 characters.
pub fn check_email(email: &str) -> Result<(), &'static str> {
    let email = email.trim();
    if email.is_empty() {
        return Err("is required");
    }
    if email.len() > 254 || email.chars().any(char::is_whitespace) {
        return Err("is not an e-mail address");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err("is not an e-mail address");
    };
    let labels_ok = domain.split('.').count() >= 2
        && domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local.is_empty() || domain.contains('@') || !labels_ok {
        return Err("is not an e-mail address");
    }
    Ok(())
}

/// Whether `phone` is a Russian phone number: after removing spaces,
/// brackets, dashes and a leading `+`, 10 digits or 11 starting with 7 or 8,
/// optionally followed by an extension (`доб. 123`).
pub fn check_phone(phone: &str) -> Result<(), &'static str> {
    let phone = phone.trim();
    if phone.is_empty() {
        return Err("is required");
    }
    let lower = phone.to_lowercase();
    let main = lower
        .split("доб")
        .next()
        .unwrap_or_default()
        .split("ext")
        .next()
        .unwrap_or_default();
    let mut digits = String::new();
    for c in main.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '(' | ')' | '-' | '+' | '.' => {}
            _ => return Err("is not a phone number"),
        }
    }
    match digits.len() {
        10 => Ok(()),
        11 if digits.starts_with('7') || digits.starts_with('8') => Ok(()),
        _ => Err("is not a phone number"),
    }
}
