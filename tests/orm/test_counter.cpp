// Counters (orm::counted): a count table kept in step by the database, so
// that count_by() without filters reads counts instead of scanning rows, and
// rows written by any program, through plain SQL, are counted too.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "backend.hpp"

using orm::c;
using test::Category;
using test::Note;

namespace {

using Counts = std::map<std::int64_t, std::int64_t>;

// What count_by reads from the counter (no filter).
Counts counted(test::Db& db) {
    Counts out;
    for (const auto& [id, n] : db.session.query<Note>().count_by(&Note::category_id))
        out[id] = n;
    return out;
}

// The same counted from the rows: a filter that every row passes makes
// count_by run GROUP BY over the notes.
Counts grouped(test::Db& db) {
    Counts out;
    for (const auto& [id, n] :
         db.session.query<Note>().filter(c(&Note::id) > 0).count_by(&Note::category_id))
        out[id] = n;
    return out;
}

struct Seeded : test::Db {
    std::shared_ptr<Category> a, b, empty;
    Seeded() {
        a = session.add(Category{.name = "a"});
        b = session.add(Category{.name = "b"});
        empty = session.add(Category{.name = "empty"});
        session.flush();
        for (int p = 1; p <= 5; ++p)
            session.add(
                Note{.text = "note " + std::to_string(p), .category_id = (p <= 3 ? a : b)->id});
        session.commit();
    }
    std::string insert_sql() {
        return "INSERT INTO " + q("ormt_notes") + " (" + q("text") + ", " + q("category_id") +
               ") VALUES (?, ?)";
    }
};

}  // namespace

TEST_CASE("counter: count_by reads the counts the session's writes keep") {
    Seeded db;
    CHECK(counted(db) == Counts{{db.a->id, 3}, {db.b->id, 2}});
    CHECK(counted(db) == grouped(db));

    // Moving a note, removing one, adding one: each counted once.
    auto first = db.session.query<Note>().order_by(c(&Note::id).asc()).first();
    first->category_id = db.b->id;
    db.session.flush();
    CHECK(counted(db) == Counts{{db.a->id, 2}, {db.b->id, 3}});
    db.session.remove(first);
    db.session.add(Note{.text = "new", .category_id = db.empty->id});
    db.session.commit();
    CHECK(counted(db) == Counts{{db.a->id, 2}, {db.b->id, 2}, {db.empty->id, 1}});
    CHECK(counted(db) == grouped(db));

    // A bulk delete, and a category deleted with its notes (ON DELETE CASCADE).
    CHECK(db.session.query<Note>().filter(c(&Note::category_id) == db.a->id).delete_all() == 2);
    db.session.remove(db.empty);
    db.session.commit();
    CHECK(counted(db) == Counts{{db.b->id, 2}});
    CHECK(counted(db) == grouped(db));
    // The deleted category's count row went with it.
    CHECK(test::scalar(db.conn(),
                       "SELECT COUNT(*) FROM " + db.q("ormt_category_counts") + " WHERE " +
                           db.q("category_id") + " = ?",
                       {db.empty->id}) == 0);
}

TEST_CASE("counter: rows written by plain SQL are counted") {
    Seeded db;
    auto& conn = db.conn();
    const auto notes = db.q("ormt_notes"), category_id = db.q("category_id");
    conn.execute(db.insert_sql(), {std::string("raw 1"), db.empty->id});
    conn.execute(db.insert_sql(), {std::string("raw 2"), db.empty->id});
    CHECK(counted(db) == Counts{{db.a->id, 3}, {db.b->id, 2}, {db.empty->id, 2}});
    // Several rows change category in one UPDATE.
    CHECK(conn.execute(
              "UPDATE " + notes + " SET " + category_id + " = ? WHERE " + category_id + " = ?",
              {db.b->id, db.a->id}) == 3);
    CHECK(counted(db) == Counts{{db.b->id, 5}, {db.empty->id, 2}});
    // An UPDATE of other columns, or to the same category, changes no count.
    conn.execute(
        "UPDATE " + notes + " SET " + db.q("text") + " = ?, " + category_id + " = " + category_id,
        {std::string("same")});
    CHECK(counted(db) == Counts{{db.b->id, 5}, {db.empty->id, 2}});
    CHECK(conn.execute("DELETE FROM " + notes + " WHERE " + category_id + " = ?", {db.b->id}) == 5);
    CHECK(counted(db) == Counts{{db.empty->id, 2}});
    // A category deleted by plain SQL takes its notes and its count along.
    conn.execute("DELETE FROM " + db.q("ormt_categories") + " WHERE " + db.q("id") + " = ?",
                 {db.empty->id});
    CHECK(counted(db).empty());
    CHECK(counted(db) == grouped(db));
    CHECK(test::scalar(conn,
                       "SELECT COUNT(*) FROM " + db.q("ormt_category_counts") + " WHERE " +
                           category_id + " = ?",
                       {db.empty->id}) == 0);
}

TEST_CASE("counter: count_by with a filter or a search still counts the matching rows") {
    Seeded db;
    const auto in_a = db.session.query<Note>()
                          .filter(c(&Note::text) != std::string("note 1"))
                          .count_by(&Note::category_id);
    Counts got(in_a.begin(), in_a.end());
    CHECK(got == Counts{{db.a->id, 2}, {db.b->id, 2}});
}

TEST_CASE("counter: a counter added to a table that has rows counts them") {
    Seeded db;
    const auto& table = Note::table();
    const auto& column = *table.find("category_id");
    db.session.commit();
    db.dialect().drop_counter(db.conn(), table, column);
    CHECK_FALSE(db.dialect().has_table(db.conn(), "ormt_category_counts"));
    // Written while nothing counts.
    db.conn().execute(db.insert_sql(), {std::string("uncounted"), db.b->id});
    test::all_tables().create_all(db.conn());
    CHECK(counted(db) == Counts{{db.a->id, 3}, {db.b->id, 3}});
    // create_all again changes nothing, and the triggers count from now on.
    test::all_tables().create_all(db.conn());
    db.conn().execute(db.insert_sql(), {std::string("counted"), db.b->id});
    CHECK(counted(db) == Counts{{db.a->id, 3}, {db.b->id, 4}});
    CHECK(counted(db) == grouped(db));
}

TEST_CASE("counter: a bulk load counts its rows once at the end, and counts row by row after") {
    Seeded db;
    {
        auto tx = db.session.begin();
        orm::BulkLoad load(db.session, Note::table());
        for (int i = 0; i < 50; ++i) {
            Note note{.text = "bulk " + std::to_string(i),
                      .category_id = (i % 2 ? db.a : db.empty)->id};
            db.session.insert(note);
        }
        load.finish();
        tx.commit();
    }
    CHECK(counted(db) == Counts{{db.a->id, 28}, {db.b->id, 2}, {db.empty->id, 25}});
    db.conn().execute(db.insert_sql(), {std::string("after"), db.b->id});
    CHECK(counted(db) == Counts{{db.a->id, 28}, {db.b->id, 3}, {db.empty->id, 25}});
    CHECK(counted(db) == grouped(db));
    // A bulk load rolled back counts nothing and leaves the triggers in place.
    {
        auto tx = db.session.begin();
        orm::BulkLoad load(db.session, Note::table());
        Note note{.text = "lost", .category_id = db.a->id};
        db.session.insert(note);
        tx.rollback();
    }
    db.conn().execute(db.insert_sql(), {std::string("after rollback"), db.b->id});
    CHECK(counted(db) == Counts{{db.a->id, 28}, {db.b->id, 4}, {db.empty->id, 25}});
    CHECK(counted(db) == grouped(db));
}
