#include "notes/schema.hpp"

#include <optional>

#include "notes/history.hpp"
#include "notes/models.hpp"
#include "orm/schema_version.hpp"

namespace notes {

namespace {

const orm::SchemaVersion& versions() {
    static const orm::SchemaVersion v("notes_meta", "schema_version");
    return v;
}

const std::vector<orm::MigrationStep>& steps() {
    static const std::vector<orm::MigrationStep> s{
        // Version 1 also adopts the original tutorial's tables: their rows stay,
        // timestamps and the search index are added.
        {1, "categories and notes with timestamps, indexes and full-text search",
         [](orm::Connection& c) { metadata().create_all(c); }},
        {2, "history of the write commands, for undo",
         [](orm::Connection& c) { history_metadata().create_all(c); }},
        // create_all creates what is missing: here the counts table, which
        // counts the notes already there, and its triggers.
        {3, "note counts per category, kept by triggers",
         [](orm::Connection& c) { metadata().create_all(c); }},
    };
    return s;
}

}  // namespace

void ensure_schema(orm::Session& session) {
    versions().upgrade(session, steps(), &metadata());
}

void drop_schema(orm::Session& session) {
    // A transaction of its own unless the caller has one (Notebook::drop_all
    // does), and never a savepoint: DDL commits implicitly on MySQL, which
    // ends the transaction and drops the savepoint before it can be released.
    std::optional<orm::Transaction> tx;
    if (!session.in_transaction()) tx.emplace(session.begin());
    auto& connection = session.connection();
    // The version first: where each DROP commits by itself (MySQL), a drop
    // that stops half-way leaves a database without one, which the next
    // command treats as new and completes, keeping the rows that remain.
    versions().drop(connection);
    metadata().drop_all(connection);
    if (tx) tx->commit();
    session.expunge_all();
}

}  // namespace notes
