//! Finds links in message text so the thread can make them clickable, safely: only http(s),
//! mailto and tel links ever become links (a `javascript:` text stays text), and everything
//! else stays plain text (the view renders it as text nodes, never as HTML).

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Link { text: String, href: String },
}

/// Characters that end a sentence rather than a link when they close it.
const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', '\'', '"', ')', ']', '}', '>'];

/// The href of a whitespace-free `word`, if it is a link we allow, and how many bytes of the
/// word it covers (trailing punctuation excluded).
fn link_in(word: &str) -> Option<(usize, String)> {
    let lower = word.to_ascii_lowercase();
    let mut end = word.len();
    // "(see https://x.example/a_(b))." keeps balanced parentheses, drops the sentence's.
    while let Some(c) = word[..end].chars().last() {
        if !TRAILING.contains(&c) {
            break;
        }
        if c == ')' && word[..end].matches('(').count() >= word[..end].matches(')').count() {
            break;
        }
        end -= c.len_utf8();
    }
    let candidate = &word[..end];
    let lower = &lower[..end];
    if lower.starts_with("https://") || lower.starts_with("http://") {
        let rest = &candidate[candidate.find("//")? + 2..];
        let host_ok = rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '[');
        return host_ok.then(|| (end, candidate.to_owned()));
    }
    if let Some(number) = lower.strip_prefix("tel:") {
        let ok = !number.is_empty()
            && number
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.'));
        return ok.then(|| (end, candidate.to_owned()));
    }
    let address = lower.strip_prefix("mailto:").unwrap_or(lower);
    if is_email(address) {
        let href = if lower.starts_with("mailto:") {
            candidate.to_owned()
        } else {
            format!("mailto:{candidate}")
        };
        return Some((end, href));
    }
    None
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

/// Splits `text` into text and link segments; joining the segments' texts gives `text` back.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if word_len == 0 {
            let c = rest.chars().next().unwrap_or(' ');
            plain.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let word = &rest[..word_len];
        // A link may start after an opening bracket or quote: "(https://…)".
        let lead = word.len() - word.trim_start_matches(['(', '[', '<', '"', '\'']).len();
        match link_in(&word[lead..]) {
            Some((len, href)) => {
                plain.push_str(&word[..lead]);
                if !plain.is_empty() {
                    out.push(Segment::Text(std::mem::take(&mut plain)));
                }
                out.push(Segment::Link {
                    text: word[lead..lead + len].to_owned(),
                    href,
                });
                plain.push_str(&word[lead + len..]);
            }
            None => plain.push_str(word),
        }
        rest = &rest[word_len..];
    }
    if !plain.is_empty() {
        out.push(Segment::Text(plain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: &str, href: &str) -> Segment {
        Segment::Link {
            text: text.into(),
            href: href.into(),
        }
    }
    fn text(t: &str) -> Segment {
        Segment::Text(t.into())
    }

    #[test]
    fn plain_text_stays_one_segment() {
        assert_eq!(
            segments("Hello there, friend."),
            vec![text("Hello there, friend.")]
        );
        assert!(segments("").is_empty());
    }

    #[test]
    fn web_links_lose_the_sentence_punctuation() {
        assert_eq!(
            segments("See https://acme.example/b?x=1. Thanks"),
            vec![
                text("See "),
                link("https://acme.example/b?x=1", "https://acme.example/b?x=1"),
                text(". Thanks"),
            ]
        );
        assert_eq!(
            segments("(details: http://x.example/a_(b))"),
            vec![
                text("(details: "),
                link("http://x.example/a_(b)", "http://x.example/a_(b)"),
                text(")"),
            ]
        );
    }

    #[test]
    fn emails_and_tel_become_mailto_and_tel() {
        assert_eq!(
            segments("Write to anna.berg@acme.example!"),
            vec![
                text("Write to "),
                link("anna.berg@acme.example", "mailto:anna.berg@acme.example"),
                text("!"),
            ]
        );
        assert_eq!(
            segments("call tel:+4915112345678"),
            vec![
                text("call "),
                link("tel:+4915112345678", "tel:+4915112345678")
            ]
        );
    }

    #[test]
    fn other_schemes_are_never_links() {
        for t in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(document.cookie)",
            "data:text/html,<script>x</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "https://",
            "http:///nohost",
            "tel:alert(1)",
            "user@localhost",
            "@handle",
        ] {
            assert_eq!(segments(t), vec![text(t)], "{t}");
        }
    }

    #[test]
    fn joining_the_segments_gives_the_text_back() {
        let t = "  Hi\n(see https://a.example/x), mail b@c.de or tel:+1-555.\tBye ";
        let joined: String = segments(t)
            .into_iter()
            .map(|s| match s {
                Segment::Text(t) => t,
                Segment::Link { text, .. } => text,
            })
            .collect();
        assert_eq!(joined, t);
    }
}
