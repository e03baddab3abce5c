// The error hierarchy (orm/errors.hpp): every error is an orm::Error, backend
// refusals are DatabaseErrors carrying statement, code and the transient flag.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <type_traits>

#include "backend.hpp"

using test::Category;

static_assert(std::is_base_of_v<std::runtime_error, orm::Error>);
static_assert(std::is_base_of_v<orm::Error, orm::UrlError>);
static_assert(std::is_base_of_v<orm::Error, orm::ValidationError>);
static_assert(std::is_base_of_v<orm::Error, orm::NoResultFound>);
static_assert(std::is_base_of_v<orm::Error, orm::MultipleResultsFound>);
static_assert(std::is_base_of_v<orm::Error, orm::DatabaseError>);
static_assert(std::is_base_of_v<orm::DatabaseError, orm::IntegrityError>);
static_assert(std::is_base_of_v<orm::DatabaseError, orm::OperationalError>);
static_assert(std::is_base_of_v<orm::DatabaseError, orm::ProgrammingError>);
static_assert(std::is_base_of_v<orm::OperationalError, orm::SchemaVersionError>);
static_assert(std::is_base_of_v<orm::OperationalError, orm::CommitUnknown>);
static_assert(!std::is_base_of_v<orm::DatabaseError, orm::ValidationError>);
static_assert(!std::is_base_of_v<orm::DatabaseError, orm::NoResultFound>);
static_assert(!std::is_base_of_v<orm::IntegrityError, orm::OperationalError>);

TEST_CASE("errors: DatabaseError carries message, statement, code and transient") {
    const orm::OperationalError busy("database is locked", "INSERT INTO t VALUES (?)", 5, true);
    CHECK(std::string(busy.what()) == "database is locked");
    CHECK(busy.statement() == "INSERT INTO t VALUES (?)");
    CHECK(busy.code() == 5);
    CHECK(busy.transient());
    const orm::IntegrityError plain("constraint");
    CHECK(plain.statement().empty());
    CHECK(plain.code() == 0);
    CHECK_FALSE(plain.transient());
}

TEST_CASE("errors: a real backend error is caught as DatabaseError and as Error") {
    test::Db db;
    db.session.add(Category{.name = "same"});
    db.session.add(Category{.name = "same"});
    SUBCASE("as DatabaseError") {
        try {
            db.session.commit();
            FAIL("nothing thrown");
        } catch (const orm::DatabaseError& e) {
            CHECK(dynamic_cast<const orm::IntegrityError*>(&e) != nullptr);
            CHECK_FALSE(e.statement().empty());
            CHECK(e.code() != 0);
            CHECK_FALSE(e.transient());
        }
    }
    SUBCASE("as Error") {
        try {
            db.session.commit();
            FAIL("nothing thrown");
        } catch (const orm::Error& e) {
            CHECK(dynamic_cast<const orm::IntegrityError*>(&e) != nullptr);
        }
    }
    SUBCASE("as std::exception") {
        CHECK_THROWS_AS(db.session.commit(), std::exception);
    }
}

TEST_CASE("errors: each failure has its own type") {
    test::Db db;
    CHECK_THROWS_AS(db.conn().execute("NOT SQL AT ALL"), orm::ProgrammingError);
    CHECK_THROWS_AS(db.session.query<Category>().one(), orm::NoResultFound);
    db.session.add(Category{.name = "x"});
    db.session.add(Category{.name = "y"});
    db.session.commit();
    CHECK_THROWS_AS(db.session.query<Category>().one(), orm::MultipleResultsFound);
    CHECK_THROWS_AS(orm::Url::parse("nope://"), orm::UrlError);
    db.session.add(Category{.name = std::string(65, 'x')});
    CHECK_THROWS_AS(db.session.commit(), orm::ValidationError);
    // Query misuse is an Error too, but none of the above.
    try {
        db.session.query<Category>().one();
    } catch (const orm::DatabaseError&) {
        FAIL("MultipleResultsFound is not a DatabaseError");
    } catch (const orm::Error&) {
    }
}

TEST_CASE("errors: an unreadable SQLite file is an OperationalError, not transient (sqlite-only)") {
    SKIP_UNLESS(test::capabilities().file_database, "SQLite file errors");
    test::TempDir dir;
    const auto file = dir.path() / "garbage.db";
    {
        std::FILE* f = std::fopen(file.c_str(), "wb");
        REQUIRE(f);
        const std::string junk(4096, 'x');
        std::fwrite(junk.data(), 1, junk.size(), f);
        std::fclose(f);
    }
    auto engine = orm::create_engine("sqlite:///" + file.string());
    try {
        engine->connection();
        test::scalar(engine->connection(), "SELECT COUNT(*) FROM sqlite_master");
        FAIL("no OperationalError");
    } catch (const orm::OperationalError& e) {
        CHECK_FALSE(e.transient());
        CHECK((e.code() & 0xFF) == 26);  // SQLITE_NOTADB
    }
}

TEST_CASE("errors: an unknown commit outcome is never transient") {
    const orm::CommitUnknown lost("lost during COMMIT", "COMMIT", 2013, false);
    CHECK_FALSE(lost.transient());
    CHECK(lost.statement() == "COMMIT");
}
