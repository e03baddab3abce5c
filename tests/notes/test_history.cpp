// The history (notes/history.hpp) through the Notebook: what each write
// records, how undo reverts it, the refusals, the runs of fingerprints a
// bulk import stores, pruning, and the upgrade of a version-1 database.
#include <doctest/doctest.h>

#include "fixture.hpp"
#include "notes/errors.hpp"
#include "notes/history.hpp"
#include "notes/schema.hpp"

namespace {

std::int64_t count_of(nt::TestDb& db, const std::string& table) {
    return db.scalar("SELECT COUNT(*) FROM " + db.q(table));
}

}  // namespace

TEST_CASE("history: fingerprints differ when any value or their order differs") {
    using V = std::vector<orm::Value>;
    const auto base =
        notes::row_fingerprint(V{std::int64_t{1}, std::string("a"), std::string("b")});
    CHECK(base.size() == 8);
    CHECK(base == notes::row_fingerprint(V{std::int64_t{1}, std::string("a"), std::string("b")}));
    CHECK(base != notes::row_fingerprint(V{std::int64_t{2}, std::string("a"), std::string("b")}));
    CHECK(base != notes::row_fingerprint(V{std::int64_t{1}, std::string("ab"), std::string("")}));
    CHECK(base != notes::row_fingerprint(V{std::int64_t{1}, std::string("b"), std::string("a")}));
    CHECK(notes::row_fingerprint(V{orm::Value{}}) != notes::row_fingerprint(V{std::string()}));
}

TEST_CASE("history: each write is one step with its user; reads and failures are none") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.set_user("ana");
    book.create("tech");
    const auto n = book.add("hello", "tech").note.note.id;
    book.categories();
    book.show(n);
    CHECK_THROWS_AS(book.create("tech"), notes::Conflict);
    CHECK_THROWS_AS(book.remove({n, 999}), notes::NotFound);
    CHECK(book.import_notes(nt::records({})) == 0);  // changed nothing
    book.set_user("bob");
    book.edit(n, std::string("changed"), std::nullopt);
    const auto steps = book.history(std::nullopt);
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].command == "edit");
    CHECK(steps[0].user == "bob");
    CHECK(steps[1].command == "add");
    CHECK(steps[2].command == "create");
    CHECK(steps[2].user == "ana");
    CHECK(steps[0].id > steps[1].id);
    CHECK(book.history(1).size() == 1);
}

TEST_CASE("history: undo reverts the user's own steps, newest first") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.set_user("ana");
    const auto a = book.add("a", "tech").note.note.id;
    book.set_user("bob");
    const auto b = book.add("b", "tech").note.note.id;
    book.set_user("ana");
    const auto step = book.undo();
    CHECK(step.undone);
    CHECK(step.command == "add");
    CHECK(step.user == "ana");
    CHECK_THROWS_AS(book.show(a), notes::NotFound);
    CHECK(book.show(b).note.text == "b");
    // The category stays: bob's note is in it.
    CHECK(book.categories().size() == 1);
    CHECK(nt::message_of<notes::NotFound>([&] { book.undo(); }).find("'ana'") != std::string::npos);
    // Bob's add did not create the category: it stays, empty.
    book.set_user("bob");
    book.undo();
    REQUIRE(book.categories().size() == 1);
    CHECK(book.categories()[0].notes == 0);
}

TEST_CASE("history: an import stores runs of fingerprints, not rows") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.set_user("ana");
    std::vector<notes::ImportRecord> input;
    for (int i = 0; i < 3000; ++i)
        input.push_back(notes::ImportRecord{.line = 0,
                                            .text = "note " + std::to_string(i),
                                            .category = i % 2 ? "odd" : "even",
                                            .created_at = std::nullopt,
                                            .updated_at = std::nullopt});
    CHECK(book.import_notes(nt::records(input)) == 3000);
    // 3,000 consecutive notes in runs of at most 1,024, plus the two categories.
    CHECK(count_of(db, "notes_history_rows") == 3 + 1);
    CHECK(count_of(db, "notes_history_notes") == 0);
    const auto steps = book.history(std::nullopt);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].summary == "imported 3000 notes, 2 new categories");

    // A note changed since, even to the same length, refuses; nothing changes.
    const auto victim = nt::exported(book)[1500].note.id;
    db.exec(
        "UPDATE " + db.q("notes") + " SET " + db.q("text") + " = ? WHERE " + db.q("id") + " = ?",
        {std::string("NOTE 1500"), victim});
    const auto message = nt::message_of<notes::Conflict>([&] { book.undo(); });
    CHECK(message.find("note " + std::to_string(victim)) != std::string::npos);
    CHECK(nt::exported(book).size() == 3000);
    CHECK_FALSE(book.history(std::nullopt)[0].undone);

    db.exec("DELETE FROM " + db.q("notes") + " WHERE " + db.q("id") + " = ?", {victim});
    CHECK(nt::message_of<notes::Conflict>([&] { book.undo(); }).find("deleted") !=
          std::string::npos);
}

TEST_CASE("history: undo of an import deletes its notes and the categories it made") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.set_user("ana");
    book.add("before", "old");
    std::vector<notes::ImportRecord> input;
    for (int i = 0; i < 2500; ++i)
        input.push_back(notes::ImportRecord{.line = 0,
                                            .text = "n" + std::to_string(i),
                                            .category = i % 2 ? "old" : "new",
                                            .created_at = std::nullopt,
                                            .updated_at = std::nullopt});
    book.import_notes(nt::records(input));
    const auto step = book.undo();
    CHECK(step.command == "import");
    const auto left = nt::exported(book);
    REQUIRE(left.size() == 1);
    CHECK(left[0].note.text == "before");
    REQUIRE(book.categories().size() == 1);
    CHECK(book.categories()[0].category.name == "old");
    CHECK(book.search("n1", std::nullopt, std::nullopt).empty());
}

TEST_CASE("history: drop --force copies the notes inside the database, undo puts them back") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.set_user("ana");
    for (int i = 0; i < 50; ++i)
        book.add("text " + std::to_string(i), i % 2 ? "a" : "b");
    const auto before = nt::exported(book);
    const auto categories = book.categories();
    book.drop({"a", "b"}, true);
    CHECK(count_of(db, "notes_history_notes") == 50);
    CHECK(count_of(db, "notes_history_categories") == 2);
    CHECK(book.history(1)[0].summary == "dropped categories 'a' and 'b' with 50 notes");
    book.undo();
    const auto after = nt::exported(book);
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        CHECK(after[i].note.id == before[i].note.id);
        CHECK(after[i].note.text == before[i].note.text);
        CHECK(after[i].note.created_at == before[i].note.created_at);
        CHECK(after[i].note.updated_at == before[i].note.updated_at);
        CHECK(after[i].category == before[i].category);
    }
    const auto restored = book.categories();
    REQUIRE(restored.size() == categories.size());
    for (std::size_t i = 0; i < restored.size(); ++i) {
        CHECK(restored[i].category.id == categories[i].category.id);
        CHECK(restored[i].category.created_at == categories[i].category.created_at);
        CHECK(restored[i].notes == categories[i].notes);
    }
    // Searchable again.
    CHECK(book.search("text", std::nullopt, std::nullopt).size() == 50);
}

TEST_CASE("history: rm's undo is refused when the note's category is gone") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.set_user("ana");
    const auto n = book.add("x", "tech").note.note.id;
    book.create("other");
    book.remove({n});
    book.set_user("bob");
    book.drop({"tech"}, false);
    book.set_user("ana");
    CHECK(nt::message_of<notes::Conflict>([&] { book.undo(); }).find("no longer exists") !=
          std::string::npos);
    CHECK(book.categories().size() == 1);
}

TEST_CASE("history: the oldest steps are forgotten past the bound") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.set_user("ana");
    const auto n = book.add("x", "tech").note.note.id;
    for (std::int64_t i = 0; i < notes::history_steps_kept + 5; ++i)
        book.edit(n, "v" + std::to_string(i), std::nullopt);
    CHECK(count_of(db, "notes_history") == notes::history_steps_kept);
    CHECK(count_of(db, "notes_history_notes") == notes::history_steps_kept);
    CHECK(count_of(db, "notes_history_rows") == notes::history_steps_kept);
}

TEST_CASE("history: a version-1 database is upgraded, keeping its rows") {
    nt::TestDb db;
    {
        notes::Notebook book(db.url());
        book.add("kept", "tech");
    }
    for (const auto* table :
         {"notes_history_rows", "notes_history_notes", "notes_history_categories", "notes_history"})
        db.exec("DROP TABLE " + db.q(table));
    db.exec("UPDATE " + db.q("notes_meta") + " SET " + db.q("value") + " = '1'");
    db.close_raw();
    notes::Notebook book(db.url());
    book.set_user("ana");
    CHECK(book.history(std::nullopt).empty());
    CHECK(nt::exported(book).size() == 1);
    book.add("new", "tech");
    CHECK(book.history(std::nullopt).size() == 1);
    CHECK(db.scalar_text("SELECT " + db.q("value") + " FROM " + db.q("notes_meta")) ==
          std::to_string(notes::schema_version));
}

TEST_CASE("history: drop_all drops the history") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.set_user("ana");
    book.create("tech");
    book.drop_all();
    CHECK(book.history(std::nullopt).empty());
    CHECK_THROWS_AS(book.undo(), notes::NotFound);
}
