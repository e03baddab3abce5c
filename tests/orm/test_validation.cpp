// Validation before SQL (TableDef::validate through the session): NULL in a
// not-null column and varchar lengths counted in UTF-8 characters raise
// orm::ValidationError naming table, column and value, before any statement.
#include <doctest/doctest.h>

#include <string>

#include "backend.hpp"

using orm::c;
using test::Strict;

namespace {

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

const std::string e_acute = "\xC3\xA9";        // é: 2 bytes
const std::string emoji = "\xF0\x9F\x98\x80";  // 😀: 4 bytes

}  // namespace

TEST_CASE("validation: NULL in a not_null column, before the database is touched") {
    auto engine = test::make_engine();
    engine->dispose();  // (MariaDB: the fixture used it)
    orm::Session session(*engine);
    auto bad = session.add(Strict{.label = std::nullopt, .code = "c"});
    try {
        session.flush();
        FAIL("no ValidationError");
    } catch (const orm::ValidationError& e) {
        CHECK(e.table() == "ormt_strict");
        CHECK(e.column() == "label");
        CHECK(e.value() == "NULL");
        const std::string what = e.what();
        CHECK(what.find("ormt_strict.label") != std::string::npos);
        CHECK(what.find("NULL") != std::string::npos);
    }
    CHECK_FALSE(engine->connected());  // no statement, not even a connection
    CHECK(bad->id == 0);
}

TEST_CASE("validation: no statement runs for a refused value") {
    test::Db db;
    db.session.add(Strict{.label = "ok", .code = "fine"});
    db.session.commit();
    auto& conn = db.conn();

    SUBCASE("insert") {
        const auto before = conn.statements_run();
        db.session.add(Strict{.label = std::nullopt, .code = "x"});
        CHECK_THROWS_AS(db.session.flush(), orm::ValidationError);
        CHECK(conn.statements_run() == before);
    }
    SUBCASE("commit") {
        const auto before = conn.statements_run();
        db.session.add(Strict{.label = "l", .code = repeat("x", 65)});
        CHECK_THROWS_AS(db.session.commit(), orm::ValidationError);
        CHECK(conn.statements_run() == before);
    }
    SUBCASE("update") {
        auto row = db.session.query<Strict>().one();
        db.session.commit();
        const auto before = conn.statements_run();
        row->label.reset();
        CHECK_THROWS_AS(db.session.flush(), orm::ValidationError);
        CHECK(conn.statements_run() == before);
        CHECK(row->label == std::optional<std::string>("ok"));  // rolled back in memory
    }
    SUBCASE("insert() without tracking") {
        Strict s{.label = std::nullopt};
        const auto before = conn.statements_run();
        CHECK_THROWS_AS(db.session.insert(s), orm::ValidationError);
        CHECK(conn.statements_run() == before);
    }
    CHECK(test::count_rows(conn, "ormt_strict") == 1);
    // The session stays usable.
    db.session.add(Strict{.label = "next", .code = "y"});
    CHECK_NOTHROW(db.session.commit());
    CHECK(test::count_rows(conn, "ormt_strict") == 2);
}

TEST_CASE("validation: varchar length is counted in UTF-8 characters") {
    test::Db db;
    SUBCASE("64 × é (128 bytes) is fine") {
        auto s = db.session.add(Strict{.label = "a", .code = repeat(e_acute, 64)});
        CHECK_NOTHROW(db.session.commit());
        orm::Session fresh(*db.engine);
        CHECK(fresh.get<Strict>(s->id)->code == repeat(e_acute, 64));
    }
    SUBCASE("64 emoji (256 bytes) are fine") {
        auto s = db.session.add(Strict{.label = "b", .code = repeat(emoji, 64)});
        CHECK_NOTHROW(db.session.commit());
        orm::Session fresh(*db.engine);
        CHECK(fresh.get<Strict>(s->id)->code == repeat(emoji, 64));
    }
    SUBCASE("64 ASCII characters are fine") {
        db.session.add(Strict{.label = "c", .code = repeat("x", 64)});
        CHECK_NOTHROW(db.session.commit());
    }
    SUBCASE("65 × é is refused") {
        db.session.add(Strict{.label = "d", .code = repeat(e_acute, 65)});
        try {
            db.session.commit();
            FAIL("no ValidationError");
        } catch (const orm::ValidationError& e) {
            CHECK(e.table() == "ormt_strict");
            CHECK(e.column() == "code");
            CHECK(e.value().starts_with("'" + e_acute));
            const std::string what = e.what();
            CHECK(what.find("ormt_strict.code") != std::string::npos);
            CHECK(what.find("65") != std::string::npos);
            CHECK(what.find("64") != std::string::npos);
        }
    }
    SUBCASE("65 emoji are refused") {
        db.session.add(Strict{.label = "e", .code = repeat(emoji, 65)});
        CHECK_THROWS_AS(db.session.commit(), orm::ValidationError);
    }
    SUBCASE("65 ASCII characters are refused") {
        db.session.add(Strict{.label = "f", .code = repeat("x", 65)});
        CHECK_THROWS_AS(db.session.commit(), orm::ValidationError);
    }
    SUBCASE("an optional varchar is checked too, and the value is shown") {
        db.session.add(test::Sample{
            .code = "ok", .at = orm::Timestamp::now(), .opt_code = "seventeen chars!!"});
        try {
            db.session.commit();
            FAIL("no ValidationError");
        } catch (const orm::ValidationError& e) {
            CHECK(e.table() == "ormt_samples");
            CHECK(e.column() == "opt_code");
            CHECK(e.value() == "'seventeen chars!!'");
        }
    }
}

TEST_CASE("validation: a ValidationError is an orm::Error, not a DatabaseError") {
    const orm::ValidationError e("t", "c", "'v'", "is wrong");
    const orm::Error& base = e;
    CHECK(std::string(base.what()) == "t.c: 'v' is wrong");
    CHECK(dynamic_cast<const orm::DatabaseError*>(&base) == nullptr);
}
