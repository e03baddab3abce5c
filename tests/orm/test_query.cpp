// Typed queries (orm/query.hpp, orm/expr.hpp): comparison operators, LIKE
// with escaping, IN, IS NULL, and/or/not, ordering and paging, one() and
// friends, count / count_by / delete_all / update_all / insert_into, and
// streaming.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "backend.hpp"

using orm::c;
using test::Category;
using test::Note;

namespace {

// Categories "a" and "b"; notes p1..p6 (priority 1..6), odd ones in "a", the
// even ones in "b"; titles on p1..p3 only.
struct Seeded : test::Db {
    std::shared_ptr<Category> a, b;
    Seeded() {
        a = session.add(Category{.name = "a"});
        b = session.add(Category{.name = "b"});
        session.flush();
        for (int p = 1; p <= 6; ++p) {
            Note n{.text = "note " + std::to_string(p),
                   .category_id = (p % 2 ? a : b)->id,
                   .priority = p};
            if (p <= 3) n.title = "title " + std::to_string(p);
            session.add(std::move(n));
        }
        session.commit();
    }
    orm::Query<Note> notes() { return session.query<Note>().order_by(c(&Note::priority).asc()); }
};

std::string priorities(const std::vector<std::shared_ptr<Note>>& rows) {
    std::string out;
    for (const auto& n : rows)
        out += std::to_string(n->priority);
    return out;
}

}  // namespace

TEST_CASE("query: comparison operators") {
    Seeded db;
    const auto p = c(&Note::priority);
    CHECK(priorities(db.notes().filter(p == 3).all()) == "3");
    CHECK(priorities(db.notes().filter(p != 3).all()) == "12456");
    CHECK(priorities(db.notes().filter(p < 3).all()) == "12");
    CHECK(priorities(db.notes().filter(p <= 3).all()) == "123");
    CHECK(priorities(db.notes().filter(p > 4).all()) == "56");
    CHECK(priorities(db.notes().filter(p >= 4).all()) == "456");
    CHECK(priorities(db.notes().filter(c(&Note::text) == std::string("note 5")).all()) == "5");
    CHECK(priorities(db.notes().filter(c(&Note::category_id) == db.b->id).all()) == "246");
    // Several filter() calls are ANDed.
    CHECK(priorities(db.notes().filter(p > 1).filter(p < 5).filter(p != 3).all()) == "24");
}

TEST_CASE("query: raw SQL with ? placeholders, among typed filters") {
    Seeded db;
    const auto p = c(&Note::priority);
    // Each ? takes the next value, in order, on every backend ($n on PostgreSQL).
    const auto between =
        orm::Expr::sql("priority BETWEEN ? AND ?", {std::int64_t{2}, std::int64_t{5}});
    CHECK(priorities(db.notes().filter(p != 4).filter(between).filter(p != 3).all()) == "25");
    CHECK(priorities(db.notes().filter(between && p > 3).all()) == "45");
    // A value without its placeholder, or a placeholder without its value, is
    // a programming error, found before any SQL runs.
    CHECK_THROWS_AS(orm::Expr::sql("priority = ?", {}), std::logic_error);
    CHECK_THROWS_AS(orm::Expr::sql("priority = 1", {std::int64_t{1}}), std::logic_error);
}

TEST_CASE("query: and / or / not") {
    Seeded db;
    const auto p = c(&Note::priority);
    CHECK(priorities(db.notes().filter(p == 1 || p == 6).all()) == "16");
    CHECK(priorities(db.notes().filter(p > 1 && p < 4).all()) == "23");
    CHECK(priorities(db.notes().filter(!(p > 2)).all()) == "12");
    CHECK(priorities(
              db.notes().filter((p == 1 || p == 2) && c(&Note::category_id) == db.a->id).all()) ==
          "1");
    CHECK(priorities(
              db.notes().filter(p == 1 || (p == 2 && c(&Note::category_id) == db.a->id)).all()) ==
          "1");
    CHECK(priorities(db.notes().filter(!(p == 1 || p == 2) && !(p == 6)).all()) == "345");
}

TEST_CASE("query: like, with orm::like_escape for literal text") {
    test::Db db;
    auto cat = db.session.add(Category{.name = "c"});
    db.session.flush();
    for (const char* text : {"100% sure", "100 percent", "a_b", "axb", "bang!", "bang", "x!%y"})
        db.session.add(Note{.text = text, .category_id = cat->id});
    db.session.commit();
    auto texts = [&](orm::Expr e) {
        std::set<std::string> out;
        for (const auto& n : db.session.query<Note>().filter(std::move(e)).all())
            out.insert(n->text);
        return out;
    };
    const auto t = c(&Note::text);
    using S = std::set<std::string>;
    CHECK(texts(t.like("100%")) == S{"100% sure", "100 percent"});
    CHECK(texts(t.like("%" + orm::like_escape("100%") + "%")) == S{"100% sure"});
    CHECK(texts(t.like("a_b")) == S{"a_b", "axb"});
    CHECK(texts(t.like(orm::like_escape("a_b"))) == S{"a_b"});
    CHECK(texts(t.like(orm::like_escape("bang!"))) == S{"bang!"});
    CHECK(texts(t.like(orm::like_escape("x!%y"))) == S{"x!%y"});
    CHECK(texts(!t.like("%a%")) == S{"100% sure", "100 percent", "x!%y"});
    CHECK(orm::like_escape("a%b_c!d") == "a!%b!_c!!d");
    CHECK(orm::like_escape("plain") == "plain");
}

TEST_CASE("query: in") {
    Seeded db;
    const auto p = c(&Note::priority);
    CHECK(priorities(db.notes().filter(p.in({2, 4, 99})).all()) == "24");
    CHECK(priorities(db.notes().filter(p.in({5})).all()) == "5");
    CHECK(db.notes().filter(p.in({})).all().empty());
    CHECK(priorities(db.notes().filter(!p.in({})).all()) == "123456");
    CHECK(priorities(db.notes().filter(!p.in({1, 2, 3})).all()) == "456");
    CHECK(priorities(db.notes()
                         .filter(c(&Note::text).in({std::string("note 1"), std::string("note 6")}))
                         .all()) == "16");
}

TEST_CASE("query: is_null / is_not_null, and == nullopt") {
    Seeded db;
    const auto title = c(&Note::title);
    CHECK(priorities(db.notes().filter(title.is_null()).all()) == "456");
    CHECK(priorities(db.notes().filter(title.is_not_null()).all()) == "123");
    CHECK(priorities(db.notes().filter(title == std::optional<std::string>()).all()) == "456");
    CHECK(priorities(db.notes().filter(title != std::optional<std::string>()).all()) == "123");
    CHECK(priorities(db.notes().filter(title == std::optional<std::string>("title 2")).all()) ==
          "2");
}

TEST_CASE("query: order_by, limit, offset") {
    Seeded db;
    const auto p = c(&Note::priority);
    CHECK(priorities(db.session.query<Note>().order_by(p.desc()).all()) == "654321");
    CHECK(priorities(db.session.query<Note>()
                         .order_by(c(&Note::category_id).asc())
                         .order_by(p.desc())
                         .all()) == "531642");
    CHECK(priorities(db.session.query<Note>().order_by(p.desc()).limit(2).all()) == "65");
    CHECK(priorities(db.session.query<Note>().order_by(p.asc()).offset(4).all()) == "56");
    CHECK(priorities(db.session.query<Note>().order_by(p.asc()).limit(2).offset(1).all()) == "23");
    CHECK(priorities(db.notes().filter(p > 2).limit(2).all()) == "34");
}

TEST_CASE("query: one, one_or_none, first, all") {
    Seeded db;
    const auto p = c(&Note::priority);
    SUBCASE("one") {
        auto three = db.notes().filter(p == 3).one();
        REQUIRE(three);
        CHECK(three->text == "note 3");
        try {
            db.notes().filter(p == 42).one();
            FAIL("no NoResultFound");
        } catch (const orm::NoResultFound& e) {
            CHECK(std::string(e.what()).find("ormt_notes") != std::string::npos);
        }
        try {
            db.notes().filter(p > 3).one();
            FAIL("no MultipleResultsFound");
        } catch (const orm::MultipleResultsFound& e) {
            CHECK(std::string(e.what()).find("ormt_notes") != std::string::npos);
        }
        // one() looks at two rows at most, even with a larger limit.
        CHECK_THROWS_AS(db.notes().limit(100).one(), orm::MultipleResultsFound);
        CHECK(db.notes().limit(1).one()->priority == 1);
    }
    SUBCASE("one_or_none") {
        CHECK(db.notes().filter(p == 42).one_or_none() == nullptr);
        CHECK(db.notes().filter(p == 2).one_or_none()->text == "note 2");
        CHECK_THROWS_AS(db.notes().filter(p < 3).one_or_none(), orm::MultipleResultsFound);
    }
    SUBCASE("first") {
        CHECK(db.notes().first()->priority == 1);
        CHECK(db.session.query<Note>().order_by(p.desc()).first()->priority == 6);
        CHECK(db.notes().filter(p > 100).first() == nullptr);
        CHECK(db.notes().offset(2).first()->priority == 3);
    }
    SUBCASE("all: tracked objects, the same ones as get()") {
        auto rows = db.notes().all();
        REQUIRE(rows.size() == 6);
        CHECK(rows[0] == db.session.get<Note>(rows[0]->id));
        CHECK(db.notes().all()[3] == rows[3]);
        CHECK(db.notes().filter(p > 100).all().empty());
    }
}

TEST_CASE("query: count, count_by, delete_all") {
    Seeded db;
    const auto p = c(&Note::priority);
    CHECK(db.session.query<Note>().count() == 6);
    CHECK(db.session.query<Note>().filter(p > 4).count() == 2);
    CHECK(db.session.query<Note>().filter(p > 40).count() == 0);

    auto by_category = db.session.query<Note>().count_by(&Note::category_id);
    std::sort(by_category.begin(), by_category.end());
    REQUIRE(by_category.size() == 2);
    CHECK(by_category[0] == std::pair<std::int64_t, std::int64_t>{db.a->id, 3});
    CHECK(by_category[1] == std::pair<std::int64_t, std::int64_t>{db.b->id, 3});
    auto filtered = db.session.query<Note>().filter(p <= 2).count_by(&Note::category_id);
    std::sort(filtered.begin(), filtered.end());
    REQUIRE(filtered.size() == 2);
    CHECK(filtered[0].second == 1);
    auto by_title = db.session.query<Note>().count_by(&Note::title);
    CHECK(by_title.size() == 4);  // three titles and NULL
    CHECK(std::count(by_title.begin(), by_title.end(),
                     std::pair<std::optional<std::string>, std::int64_t>{std::nullopt, 3}) == 1);

    CHECK(db.session.query<Note>().filter(p >= 5).delete_all() == 2);
    CHECK(db.session.query<Note>().count() == 4);
    CHECK(db.session.query<Note>().filter(p >= 5).delete_all() == 0);
    db.session.commit();
    CHECK(test::count_rows(db.conn(), "ormt_notes") == 4);
}

TEST_CASE("query: values are bound parameters, never spliced into the SQL") {
    Seeded db;
    const std::string hostile = "'); DROP TABLE ormt_notes; --";
    auto query = db.session.query<Note>()
                     .filter(c(&Note::text) == hostile || c(&Note::text).like(hostile))
                     .limit(3);
    const auto [sql, params] = query.select_sql();
    CHECK(sql.find("DROP") == std::string::npos);
    REQUIRE(params.size() == 2);
    CHECK(params[0] == orm::Value{hostile});
    CHECK(query.all().empty());
    CHECK(test::count_rows(db.conn(), "ormt_notes") == 6);
}

TEST_CASE("query: stream() iterates many rows without tracking them") {
    test::Db db;
    auto cat = db.session.add(Category{.name = "many"});
    db.session.flush();
    constexpr int n = 10000;
    {
        // Loaded 100 rows per INSERT: quick on a server too.
        auto tx = db.session.begin();
        auto& conn = db.session.connection();
        std::string insert = "INSERT INTO " + db.q("ormt_notes") + " (" + db.q("text") + ", " +
                             db.q("category_id") + ", " + db.q("priority") + ") VALUES (?, ?, ?)";
        for (int i = 1; i < 100; ++i)
            insert += ", (?, ?, ?)";
        for (int i = 0; i < n; i += 100) {
            std::vector<orm::Value> params;
            for (int k = i; k < i + 100; ++k) {
                params.emplace_back(std::string("row"));
                params.emplace_back(cat->id);
                params.emplace_back(std::int64_t{k});
            }
            conn.execute(insert, params);
        }
        tx.commit();
    }
    db.session.commit();
    CHECK(test::count_rows(db.conn(), "ormt_notes") == n);

    orm::Session reader(*db.engine);
    reader.connection();
    const auto before = db.conn().statements_run();
    long long sum = 0;
    int rows = 0;
    int last = -1;
    bool ordered = true;
    std::int64_t first_id = 0;
    for (const Note& note : reader.query<Note>().order_by(c(&Note::priority).asc()).stream()) {
        if (rows == 0) first_id = note.id;
        ordered = ordered && note.priority == last + 1;
        last = note.priority;
        sum += note.priority;
        ++rows;
    }
    CHECK(rows == n);
    CHECK(ordered);
    CHECK(sum == static_cast<long long>(n) * (n - 1) / 2);
    CHECK(db.conn().statements_run() == before + 1);  // one statement for all rows

    // Nothing was tracked: a get() still needs a SELECT, and returns a new object.
    auto first = reader.get<Note>(first_id);
    CHECK(db.conn().statements_run() == before + 2);
    REQUIRE(first);
    CHECK(first->priority == 0);

    SUBCASE("with a filter, and stopping early") {
        int seen = 0;
        for (const Note& note :
             reader.query<Note>().filter(c(&Note::priority) >= n - 10).stream()) {
            CHECK(note.priority >= n - 10);
            if (++seen == 3) break;
        }
        CHECK(seen == 3);
        // The statement was given back: the same query runs again.
        int again = 0;
        for (const Note& note :
             reader.query<Note>().filter(c(&Note::priority) >= n - 10).stream()) {
            (void)note;
            ++again;
        }
        CHECK(again == 10);
    }
    SUBCASE("an empty result") {
        auto rows_none = reader.query<Note>().filter(c(&Note::priority) < 0).stream();
        CHECK(rows_none.begin() == rows_none.end());
    }
}

TEST_CASE("query: update_all sets exactly the values given, update_now columns included") {
    Seeded db;
    const auto p = c(&Note::priority);
    const auto old = orm::Timestamp::parse("2020-01-02 03:04:05").value();
    const auto n = db.session.query<Note>().filter(p >= 5).update_all(
        {orm::set(&Note::text, "rewritten"), orm::set(&Note::updated_at, old)});
    CHECK(n == 2);
    db.session.expunge_all();
    for (const auto& note : db.notes().all()) {
        CHECK((note->text == "rewritten") == (note->priority >= 5));
        if (note->priority >= 5) CHECK(note->updated_at == old);
    }
    CHECK(db.session.query<Note>().filter(p > 99).update_all({orm::set(&Note::priority, 1)}) == 0);
    // A column of another table is a programming error.
    CHECK_THROWS_AS(
        db.session.query<Note>().update_all({orm::set(&Category::name, std::string("x"))}),
        std::logic_error);
}

TEST_CASE("query: insert_into copies rows by column name inside the database, and back") {
    using test::NoteCopy;
    Seeded db;
    const auto p = c(&Note::priority);
    const auto before = db.notes().all();
    CHECK(db.session.query<Note>().filter(p <= 4).insert_into<NoteCopy>(
              {orm::set(&NoteCopy::batch, std::int64_t{7})}) == 4);
    auto copies = db.session.query<NoteCopy>().order_by(c(&NoteCopy::priority).asc()).all();
    REQUIRE(copies.size() == 4);
    for (std::size_t i = 0; i < copies.size(); ++i) {
        CHECK(copies[i]->batch == 7);
        CHECK(copies[i]->id == before[i]->id);  // a same-named column, not the key
        CHECK(copies[i]->text == before[i]->text);
        CHECK(copies[i]->category_id == before[i]->category_id);
        CHECK(copies[i]->updated_at == before[i]->updated_at);
        CHECK(copies[i]->seq > 0);
    }
    // Back again, with their ids, after the originals are gone. Columns the
    // copy lacks (title, created_at) get their defaults.
    CHECK(db.session.query<Note>().filter(p <= 4).delete_all() == 4);
    CHECK(db.session.query<NoteCopy>()
              .filter(c(&NoteCopy::batch) == std::int64_t{7})
              .insert_into<Note>() == 4);
    db.session.expunge_all();
    const auto after = db.notes().all();
    REQUIRE(after.size() == 6);
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(after[i]->id == before[i]->id);
        CHECK(after[i]->text == before[i]->text);
        CHECK(!after[i]->title);
        CHECK(after[i]->created_at.is_set());
    }
    // The copies are searchable like any row once committed (InnoDB indexes
    // full text at commit).
    db.session.commit();
    CHECK(db.session.query<Note>().search(&Note::text, {{"note", false}}).count() == 6);
    // A copy whose id is taken is an IntegrityError.
    CHECK_THROWS_AS(db.session.query<NoteCopy>().insert_into<Note>(), orm::IntegrityError);
}
