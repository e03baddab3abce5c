// Relationships (orm/relation.hpp): belongs_to, has_many as a refinable
// query, lazy loading, and preload() so that a listing is two statements.
#include <doctest/doctest.h>

#include <string>

#include "backend.hpp"

using orm::c;
using test::Category;
using test::Note;

namespace {

struct Library : test::Db {
    std::vector<std::shared_ptr<Category>> cats;
    Library(int categories = 3, int notes = 30) {
        for (int i = 0; i < categories; ++i)
            cats.push_back(session.add(Category{.name = "cat" + std::to_string(i)}));
        session.flush();
        for (int i = 0; i < notes; ++i)
            session.add(
                Note{.text = (i % 5 == 0 ? "about sql " : "about cats ") + std::to_string(i),
                     .category_id = cats[static_cast<std::size_t>(i % categories)]->id,
                     .priority = i});
        session.commit();
    }
};

}  // namespace

TEST_CASE("relation: belongs_to is the parent through the foreign key") {
    Library db;
    orm::Session s(*db.engine);
    auto note = s.query<Note>().filter(c(&Note::priority) == 4).one();
    auto cat = orm::belongs_to<Category>(s, *note, &Note::category_id);
    REQUIRE(cat);
    CHECK(cat->id == note->category_id);
    CHECK(cat->name == "cat1");
    // Through the identity map: the same object every time, and the same as get().
    CHECK(orm::belongs_to<Category>(s, *note, &Note::category_id) == cat);
    CHECK(s.get<Category>(note->category_id) == cat);
    // A dangling id gives nullptr.
    Note orphan{.category_id = 987654};
    CHECK(orm::belongs_to<Category>(s, orphan, &Note::category_id) == nullptr);
}

TEST_CASE("relation: has_many returns a query that can be refined") {
    Library db;
    auto cat0 = db.cats[0];
    auto notes = orm::has_many(db.session, *cat0, &Note::category_id);
    CHECK(notes.count() == 10);
    auto sql_notes = orm::has_many(db.session, *cat0, &Note::category_id)
                         .filter(c(&Note::text).like("%sql%"))
                         .order_by(c(&Note::priority).desc())
                         .all();
    REQUIRE(sql_notes.size() == 2);  // notes 0 and 15: in cat0 (i % 3 == 0) and about sql
    for (const auto& n : sql_notes) {
        CHECK(n->category_id == cat0->id);
        CHECK(n->text.find("sql") != std::string::npos);
    }
    CHECK(sql_notes.front()->priority > sql_notes.back()->priority);
    CHECK(orm::has_many(db.session, *db.cats[1], &Note::category_id).limit(3).all().size() == 3);
    // A category without notes.
    auto empty = db.session.add(Category{.name = "empty"});
    db.session.flush();
    CHECK(orm::has_many(db.session, *empty, &Note::category_id).all().empty());
}

TEST_CASE("relation: relationships are lazy") {
    Library db;
    orm::Session s(*db.engine);
    s.connection();
    auto& conn = db.conn();
    const auto start = conn.statements_run();
    auto note = s.query<Note>().filter(c(&Note::priority) == 7).one();
    CHECK(conn.statements_run() == start + 1);  // the note only, not its category
    auto children = orm::has_many(s, *db.cats[0], &Note::category_id);
    CHECK(conn.statements_run() == start + 1);  // building the query runs nothing
    auto cat = orm::belongs_to<Category>(s, *note, &Note::category_id);
    CHECK(conn.statements_run() == start + 2);  // now, when asked for
    CHECK(children.count() == 10);
    CHECK(conn.statements_run() == start + 3);
    (void)cat;
}

TEST_CASE("relation: preload makes a listing with parents two statements") {
    Library db(5, 40);
    orm::Session s(*db.engine);
    s.connection();
    auto& conn = db.conn();
    const auto start = conn.statements_run();

    auto notes = s.query<Note>().order_by(c(&Note::priority).asc()).all();
    orm::preload<Category>(s, notes, &Note::category_id);
    std::string listing;
    for (const auto& n : notes) {
        auto cat = orm::belongs_to<Category>(s, *n, &Note::category_id);
        REQUIRE(cat);
        CHECK(cat->id == n->category_id);
        listing += cat->name + ":" + std::to_string(n->priority) + " ";
    }
    CHECK(notes.size() == 40);
    CHECK(conn.statements_run() - start <= 2);
    CHECK(listing.starts_with("cat0:0 cat1:1 cat2:2 cat3:3 cat4:4 cat0:5 "));

    SUBCASE("without preload it is one statement per distinct parent") {
        s.commit();  // the sessions share the engine's connection
        orm::Session lazy(*db.engine);
        lazy.connection();
        const auto lazy_start = conn.statements_run();
        auto rows = lazy.query<Note>().all();
        for (const auto& n : rows)
            orm::belongs_to<Category>(lazy, *n, &Note::category_id);
        CHECK(conn.statements_run() - lazy_start == 1 + 5);
    }
    SUBCASE("preloading nothing runs nothing") {
        const auto before = conn.statements_run();
        orm::preload<Category>(s, std::vector<std::shared_ptr<Note>>{}, &Note::category_id);
        CHECK(conn.statements_run() == before);
    }
}

TEST_CASE("relation: preload batches a long list of parents") {
    test::Db db;
    auto& conn = db.conn();
    {
        auto tx = db.session.begin();
        for (int i = 0; i < 1200; ++i) {
            Category cat{.name = "c" + std::to_string(i)};
            db.session.insert(cat);
            Note note{.text = "n", .category_id = cat.id};
            db.session.insert(note);
        }
        tx.commit();
    }
    orm::Session s(*db.engine);
    s.connection();
    auto notes = s.query<Note>().all();
    REQUIRE(notes.size() == 1200);
    const auto before = conn.statements_run();
    orm::preload<Category>(s, notes, &Note::category_id);
    CHECK(conn.statements_run() - before == 3);  // batches of 500
    const auto after = conn.statements_run();
    for (const auto& n : notes)
        CHECK(orm::belongs_to<Category>(s, *n, &Note::category_id));
    CHECK(conn.statements_run() == after);
}
