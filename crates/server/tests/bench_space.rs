//! `bench-space` on a small scale: it adds the space, and a rerun replaces it.

mod common;

use common::*;
use textpeak_server::bench;

#[test]
fn adds_and_replaces_the_benchmark_space() {
    seeded_db(5).with_conn(|conn| {
        let count = |conn: &rusqlite::Connection, sql: &str| -> i64 { scalar(conn, sql, []) };
        let contacts_before = count(conn, "SELECT count(*) FROM contacts");

        let first = bench::bench_space(conn, 120).unwrap();
        assert_eq!(first.conversations, 120);
        let in_space = format!(
            "SELECT count(*) FROM conversations WHERE space_id = {}",
            first.space_id
        );
        assert_eq!(count(conn, &in_space), 120);
        let longest = count(
            conn,
            &format!(
                "SELECT max(n) FROM (SELECT count(*) n FROM messages m JOIN conversations c
                 ON c.id = m.conversation_id WHERE c.space_id = {} GROUP BY c.id)",
                first.space_id
            ),
        );
        assert!(longest >= 5_000, "one conversation with 5,000 messages, got {longest}");
        let reported = count(
            conn,
            &format!(
                "SELECT count(*) FROM messages WHERE conversation_id = {}",
                first.long_conversation
            ),
        );
        assert_eq!(reported, longest, "the report names the long conversation");
        assert_eq!(
            count(conn, "SELECT count(*) FROM teams t JOIN spaces s ON s.id = t.space_id WHERE s.name = 'Benchmark' AND t.name = 'Load test'"),
            1
        );

        let second = bench::bench_space(conn, 80).unwrap();
        assert_eq!(count(conn, "SELECT count(*) FROM spaces WHERE name = 'Benchmark'"), 1);
        assert_eq!(
            count(conn, &format!("SELECT count(*) FROM conversations WHERE space_id = {}", second.space_id)),
            80
        );
        assert_eq!(
            count(conn, "SELECT count(*) FROM contacts"),
            contacts_before + 80,
            "the first run's contacts were removed"
        );
        assert_eq!(count(conn, "SELECT count(*) FROM conversations WHERE space_id NOT IN (SELECT id FROM spaces)"), 0);
        let mut check = conn.prepare("PRAGMA foreign_key_check").unwrap();
        assert!(check.query([]).unwrap().next().unwrap().is_none(), "foreign key violations");
    });
}
