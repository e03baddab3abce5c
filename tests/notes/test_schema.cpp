// The notebook's schema: its version in notes_meta, refusing a newer
// database, adopting the original tutorial's tables in place, and rows that
// other programs write with plain SQL.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "fixture.hpp"
#include "notes/errors.hpp"
#include "notes/notebook.hpp"
#include "notes/schema.hpp"

namespace {

// Another program writing the SQLite file: the sqlite3 C API, default settings
// (foreign keys off, no busy timeout beyond a short one).
void sqlite_exec(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    const int open = sqlite3_open(file.c_str(), &db);
    REQUIRE_MESSAGE(open == SQLITE_OK, "cannot open " << file << ": " << sqlite3_errmsg(db));
    sqlite3_busy_timeout(db, 5000);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, "sqlite3_exec failed: " << message << "\n" << sql);
}

std::int64_t sqlite_scalar(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK,
                    sqlite3_errmsg(db));
    const int rc = sqlite3_step(statement);
    const auto value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_ROW);
    return value;
}

const char* const tutorial_tables =
    "CREATE TABLE categories (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(10) NOT NULL UNIQUE);"
    "CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, text TEXT, "
    "category_id INTEGER REFERENCES categories(id));";

bool recent(const orm::Timestamp& t) {
    const auto now = orm::Timestamp::now().time;
    return t.is_set() && t.time > now - std::chrono::minutes(5) &&
           t.time < now + std::chrono::minutes(5);
}

std::string current_version() {
    return std::to_string(notes::schema_version);
}

std::string schema_version_of(nt::TestDb& db) {
    return db.scalar_text("SELECT " + db.q("value") + " FROM " + db.q("notes_meta") + " WHERE " +
                              db.q("key") + " = ?",
                          {std::string("schema_version")});
}

std::vector<std::int64_t> search_ids(notes::Notebook& book, const std::string& query) {
    return nt::ids(book.search(query, std::nullopt, std::nullopt));
}

std::vector<std::int64_t> sorted_ids(std::vector<std::int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace

TEST_CASE("notes schema: a fresh database gets notes_meta schema_version = the program's") {
    nt::TestDb db;
    CHECK(notes::schema_version >= 2);
    notes::Notebook(db.url()).init();
    CHECK(schema_version_of(db) == current_version());
    // init is idempotent, from this or another notebook.
    notes::Notebook again(db.url());
    again.init();
    again.init();
    CHECK(schema_version_of(db) == current_version());
    CHECK(db.scalar("SELECT COUNT(*) FROM " + db.q("notes_meta")) == 1);
    CHECK(again.categories().empty());
}

TEST_CASE("notes schema: the first operation of any kind creates the schema") {
    nt::TestDb db;
    CHECK(notes::Notebook(db.url()).categories().empty());
    CHECK(schema_version_of(db) == current_version());
    CHECK(db.scalar("SELECT COUNT(*) FROM " + db.q("notes")) == 0);
}

TEST_CASE("notes schema: a database from a newer program is refused by every operation") {
    nt::TestDb db;
    std::int64_t id = 0;
    {
        notes::Notebook book(db.url());
        id = book.add("sqlalchemy is cool", "tech").note.note.id;
    }
    db.exec("UPDATE " + db.q("notes_meta") + " SET " + db.q("value") + " = ? WHERE " + db.q("key") +
                " = ?",
            {std::string("99"), std::string("schema_version")});
    db.close_raw();

    using Op = std::function<void(notes::Notebook&)>;
    const std::vector<std::pair<const char*, Op>> ops{
        {"init", [](notes::Notebook& b) { b.init(); }},
        {"create", [](notes::Notebook& b) { b.create("new"); }},
        {"add", [](notes::Notebook& b) { b.add("text", "tech"); }},
        {"categories", [](notes::Notebook& b) { b.categories(); }},
        {"notes", [](notes::Notebook& b) { b.notes("tech", {}); }},
        {"show", [&](notes::Notebook& b) { b.show(id); }},
        {"search", [](notes::Notebook& b) { b.search("sql", std::nullopt, std::nullopt); }},
        {"edit", [&](notes::Notebook& b) { b.edit(id, std::string("new"), std::nullopt); }},
        {"rename", [](notes::Notebook& b) { b.rename("tech", "t2"); }},
        {"remove", [&](notes::Notebook& b) { b.remove({id}); }},
        {"drop", [](notes::Notebook& b) { b.drop({"tech"}, true); }},
        {"export", [](notes::Notebook& b) { nt::exported(b); }},
        {"import",
         [](notes::Notebook& b) {
             b.import_notes(nt::records({{0, "x", "tech", {}, {}}}));
         }},
    };
    for (const auto& [name, op] : ops) {
        CAPTURE(name);
        notes::Notebook book(db.url());
        const auto message = nt::message_of<orm::SchemaVersionError>([&] { op(book); });
        CHECK(message.find("99") != std::string::npos);
        CHECK(message.find("newer") != std::string::npos);
    }
    // Nothing was changed.
    CHECK(schema_version_of(db) == "99");
    CHECK(db.scalar("SELECT COUNT(*) FROM " + db.q("notes")) == 1);
    CHECK(db.scalar("SELECT COUNT(*) FROM " + db.q("categories")) == 1);
    CHECK(db.scalar_text("SELECT " + db.q("text") + " FROM " + db.q("notes")) ==
          "sqlalchemy is cool");
    db.close_raw();

    // It can still be dropped, and then starts over.
    notes::Notebook book(db.url());
    book.drop_all();
    CHECK(book.categories().empty());
    CHECK(schema_version_of(db) == current_version());
}

TEST_CASE("notes schema: rows written with plain SQL get timestamps and are searchable") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.init();
    const auto [n, c, t, ci] =
        std::tuple{db.q("notes"), db.q("categories"), db.q("text"), db.q("category_id")};
    // Another program that knows only the tutorial's columns.
    db.exec("INSERT INTO " + c + " (" + db.q("name") + ") VALUES (?)", {std::string("plain")});
    const auto category =
        db.scalar("SELECT " + db.q("id") + " FROM " + c + " WHERE " + db.q("name") + " = ?",
                  {std::string("plain")});
    db.exec("INSERT INTO " + n + " (" + t + ", " + ci + ") VALUES (?, ?)",
            {std::string("inserted by hand"), category});
    const auto id = db.scalar("SELECT MAX(" + db.q("id") + ") FROM " + n);

    const auto list = book.categories();
    REQUIRE(list.size() == 1);
    CHECK(list[0].category.name == "plain");
    CHECK(list[0].notes == 1);
    CHECK(recent(list[0].category.created_at));
    const auto shown = book.show(id);
    CHECK(shown.note.text == "inserted by hand");
    CHECK(shown.category == "plain");
    CHECK(recent(shown.note.created_at));
    CHECK(recent(shown.note.updated_at));
    CHECK(search_ids(book, "hand") == std::vector<std::int64_t>{id});
    CHECK(nt::ids(book.notes("plain", {})) == std::vector<std::int64_t>{id});

    // Changed by another program: the same notebook sees the change.
    db.exec("UPDATE " + n + " SET " + t + " = ? WHERE " + db.q("id") + " = ?",
            {std::string("changed elsewhere"), id});
    CHECK(search_ids(book, "hand").empty());
    CHECK(search_ids(book, "elsewhere") == std::vector<std::int64_t>{id});
    CHECK(book.show(id).note.text == "changed elsewhere");

    // Deleted by another program: gone.
    db.exec("DELETE FROM " + n + " WHERE " + db.q("id") + " = ?", {id});
    CHECK(search_ids(book, "elsewhere").empty());
    CHECK_THROWS_AS(book.show(id), notes::NotFound);
    CHECK(book.categories().at(0).notes == 0);
}

TEST_CASE("notes schema: a database made by the original tutorial's models is adopted in place") {
    SKIP_UNLESS(nt::backend() == nt::Backend::sqlite,
                "the tutorial's tables are made with SQLite's SQL");
    nt::TestDb db;
    sqlite_exec(db.file(), std::string(tutorial_tables) +
                               "INSERT INTO categories VALUES (1, 'technology');"
                               "INSERT INTO categories VALUES (2, 'tech');"
                               "INSERT INTO categories VALUES (3, 'empty');"
                               "INSERT INTO notes VALUES (1, 'sqlalchemy is cool', 2);"
                               "INSERT INTO notes VALUES (2, 'Café with the team', 1);"
                               "INSERT INTO notes VALUES (5, 'ids with a gap', 2);");

    notes::Notebook book(db.url());
    const auto list = book.categories();
    REQUIRE(list.size() == 3);
    CHECK(list[0].category.name == "empty");
    CHECK(list[0].category.id == 3);
    CHECK(list[0].notes == 0);
    CHECK(list[1].category.name == "tech");
    CHECK(list[1].category.id == 2);
    CHECK(list[1].notes == 2);
    CHECK(list[2].category.name == "technology");
    CHECK(list[2].category.id == 1);
    CHECK(list[2].notes == 1);
    for (const auto& c : list)
        CHECK(recent(c.category.created_at));

    const auto first = book.show(1);
    CHECK(first.note.text == "sqlalchemy is cool");
    CHECK(first.category == "tech");
    CHECK(recent(first.note.created_at));
    CHECK(recent(first.note.updated_at));
    CHECK(book.show(5).note.text == "ids with a gap");
    CHECK(search_ids(book, "sql") == std::vector<std::int64_t>{1});
    CHECK(search_ids(book, "cafe") == std::vector<std::int64_t>{2});
    CHECK(search_ids(book, "ids gap") == std::vector<std::int64_t>{5});
    CHECK(schema_version_of(db) == current_version());
    db.close_raw();

    // The tutorial's program keeps writing only the columns it knows.
    sqlite_exec(db.file(),
                "INSERT INTO categories (name) VALUES ('home');"
                "INSERT INTO notes (text, category_id) VALUES "
                "('buy milk', (SELECT id FROM categories WHERE name = 'home'));");
    const auto milk = sqlite_scalar(db.file(), "SELECT id FROM notes WHERE text = 'buy milk'");
    CHECK(milk > 5);
    const auto shown = book.show(milk);
    CHECK(shown.category == "home");
    CHECK(recent(shown.note.created_at));
    CHECK(recent(shown.note.updated_at));
    CHECK(search_ids(book, "milk") == std::vector<std::int64_t>{milk});
    const auto home = book.categories();
    REQUIRE(home.size() == 4);
    CHECK(home[1].category.name == "home");
    CHECK(recent(home[1].category.created_at));

    // And the notebook's own writes go on beside them.
    const auto added = book.add("sqlalchemy again", "tech");
    CHECK_FALSE(added.created_category);
    CHECK(added.note.note.id > milk);
    CHECK(sqlite_scalar(db.file(), "SELECT COUNT(*) FROM notes WHERE category_id = 2") == 3);
    CHECK(sorted_ids(search_ids(book, "sqlalchemy")) ==
          std::vector<std::int64_t>{1, added.note.note.id});
}

TEST_CASE("notes schema: a schema version that is not a number is a database error") {
    nt::TestDb db;
    notes::Notebook(db.url()).init();
    db.exec("UPDATE " + db.q("notes_meta") + " SET " + db.q("value") + " = ? WHERE " + db.q("key") +
                " = ?",
            {std::string("one"), std::string("schema_version")});
    db.close_raw();
    notes::Notebook book(db.url());
    const auto message = nt::message_of<orm::OperationalError>([&] { book.categories(); });
    CHECK(message.find("'one'") != std::string::npos);
    CHECK(message.find("schema version") != std::string::npos);
}

TEST_CASE(
    "notes schema: a tutorial database with notes the notebook cannot hold is kept as it was") {
    SKIP_UNLESS(nt::backend() == nt::Backend::sqlite,
                "the tutorial's tables are made with SQLite's SQL");
    // The tutorial's columns allow a note without text or category; the
    // notebook's do not. Whatever the notebook does with such rows, it must
    // never lose them: either it adopts every row, or it refuses and leaves
    // the file exactly as it was.
    nt::TestDb db;
    sqlite_exec(db.file(), std::string(tutorial_tables) +
                               "INSERT INTO categories VALUES (1, 'tech');"
                               "INSERT INTO notes VALUES (1, 'fine', 1);"
                               "INSERT INTO notes VALUES (2, 'no category', NULL);"
                               "INSERT INTO notes VALUES (3, NULL, 1);");
    notes::Notebook book(db.url());
    try {
        book.categories();
        // Adopted: every row is still there.
        CHECK(sqlite_scalar(db.file(), "SELECT COUNT(*) FROM notes") == 3);
        CHECK(sqlite_scalar(db.file(), "SELECT COUNT(*) FROM categories") == 1);
    } catch (const orm::DatabaseError& e) {
        MESSAGE("refused: " << std::string(e.what()));
        CHECK(sqlite_scalar(db.file(), "SELECT COUNT(*) FROM notes") == 3);
        CHECK(sqlite_scalar(db.file(), "SELECT COUNT(*) FROM categories") == 1);
        CHECK(sqlite_scalar(db.file(),
                            "SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                            "('notes_meta', 'notes_fts', 'notes__rebuilt', "
                            "'categories__rebuilt')") == 0);
        CHECK(sqlite_scalar(db.file(), "SELECT COUNT(*) FROM pragma_table_info('notes')") == 3);
        CHECK(sqlite_scalar(db.file(), "SELECT COUNT(*) FROM pragma_table_info('categories')") ==
              2);
    }
}

TEST_CASE("notes schema: notes whose category another program deleted do not break the notebook") {
    SKIP_UNLESS(nt::capabilities().foreign_keys_optional,
                "the sqlite3 C API writes without foreign key checks by default");
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto kept = book.add("hello from tech", "tech").note.note.id;
    sqlite_exec(db.file(), "INSERT INTO notes (text, category_id) VALUES ('hello orphan', 42);");
    const auto orphan = sqlite_scalar(db.file(), "SELECT id FROM notes WHERE category_id = 42");

    CHECK(book.show(orphan).category.empty());
    const auto hits = book.search("hello", std::nullopt, std::nullopt);
    REQUIRE(hits.size() == 2);
    for (const auto& hit : hits)
        CHECK(hit.note.category == (hit.note.note.id == kept ? "tech" : ""));
    const auto all = nt::exported(book);
    REQUIRE(all.size() == 2);
    CHECK(all[0].category == "tech");
    CHECK(all[1].category.empty());
    CHECK(all[1].note.id == orphan);
    const auto list = book.categories();
    REQUIRE(list.size() == 1);
    CHECK(list[0].notes == 1);
    CHECK(book.drop({"tech"}, true) == std::vector<std::string>{"tech"});
}

// MySQL's CURRENT_TIMESTAMP is in the session's time zone; another program's
// session need not be UTC, so the defaults are UTC_TIMESTAMP().
TEST_CASE("notes schema: plain SQL rows get UTC timestamps whatever the session's time zone") {
    SKIP_UNLESS(nt::capabilities().session_time_zone, "SQLite's CURRENT_TIMESTAMP is always UTC");
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.init();
    db.exec(nt::backend() == nt::Backend::postgresql ? "SET TIME ZONE 'Asia/Karachi'"
                                                     : "SET time_zone = '+05:00'");
    db.exec("INSERT INTO " + db.q("categories") + " (" + db.q("name") + ") VALUES (?)",
            {std::string("elsewhere")});
    const auto list = book.categories();
    REQUIRE(list.size() == 1);
    CHECK(recent(list[0].category.created_at));
}

TEST_CASE("notes schema: version 3 builds the note counts of a version 2 database") {
    nt::TestDb db;
    {
        notes::Notebook book(db.url());
        book.add("one", "tech");
        book.add("two", "tech");
        book.add("three", "misc");
    }
    // A version 2 database: no counts table, no triggers, and a note written
    // by another program since.
    // (Dropped through the backend's own counter upkeep: trigger names differ.)
    const auto& notes_table = notes::Note::table();
    for (const auto& column : notes_table.columns())
        if (column.counter) db.raw().dialect().drop_counter(db.raw(), notes_table, column);
    db.exec("UPDATE " + db.q("notes_meta") + " SET " + db.q("value") + " = ? WHERE " + db.q("key") +
                " = ?",
            {std::string("2"), std::string("schema_version")});
    db.exec("INSERT INTO " + db.q("notes") + " (" + db.q("text") + ", " + db.q("category_id") +
                ") VALUES (?, ?)",
            {std::string("four"), std::int64_t{2}});
    db.close_raw();

    notes::Notebook book(db.url());
    std::map<std::string, std::int64_t> counts;
    for (const auto& c : book.categories())
        counts[c.category.name] = c.notes;
    CHECK(counts == std::map<std::string, std::int64_t>{{"misc", 2}, {"tech", 2}});
    CHECK(schema_version_of(db) == current_version());
    CHECK(db.scalar("SELECT " + db.q("notes") + " FROM " + db.q("category_counts") + " WHERE " +
                    db.q("category_id") + " = 2") == 2);
    // And the triggers count from now on.
    book.add("five", "misc");
    CHECK(db.scalar("SELECT " + db.q("notes") + " FROM " + db.q("category_counts") + " WHERE " +
                    db.q("category_id") + " = 2") == 3);
}
