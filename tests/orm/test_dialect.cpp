// The dialect interface (orm/dialect/dialect.hpp): quoting, type names,
// auto-increment ids, last insert id, LIMIT/OFFSET, savepoints and the
// mapping of backend errors onto the ORM's error types.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <thread>

#include "backend.hpp"
#include "orm/dialect/compiler.hpp"

using orm::c;
using test::Category;
using test::Note;
using test::Odd;

TEST_CASE("dialect: identifiers with quote characters work end to end") {
    test::Db db;
    const auto& d = db.dialect();
    // Quoting wraps the name and never lets it end early.
    const auto quoted = d.quote("a\"b`c");
    CHECK(quoted.size() > std::string("a\"b`c").size() + 1);
    CHECK(quoted.find("a") != std::string::npos);

    auto one = db.session.add(Odd{.value = "x\"y`z'", .tick = 1, .apostrophe = "it's"});
    auto two = db.session.add(Odd{.value = "plain", .tick = 2});
    db.session.commit();
    CHECK(one->id > 0);
    CHECK(two->id > one->id);

    orm::Session fresh(*db.engine);
    auto found = fresh.query<Odd>().filter(c(&Odd::value) == std::string("x\"y`z'")).one();
    CHECK(found->tick == 1);
    CHECK(found->apostrophe == std::optional<std::string>("it's"));
    CHECK(fresh.query<Odd>().filter(c(&Odd::apostrophe).is_null()).one()->value == "plain");
    auto ordered = fresh.query<Odd>().order_by(c(&Odd::tick).desc()).all();
    REQUIRE(ordered.size() == 2);
    CHECK(ordered[0]->value == "plain");
    CHECK(fresh.query<Odd>().count_by(&Odd::tick).size() == 2);
    found->tick = 10;
    fresh.commit();
    CHECK(test::scalar(db.conn(),
                       "SELECT " + d.quote("ti`ck") + " FROM " + d.quote("ormt_o\"dd`table") +
                           " WHERE " + d.quote("va\"lue") + " = ?",
                       {std::string("x\"y`z'")}) == 10);
    fresh.remove(found);
    fresh.commit();
    CHECK(test::count_rows(db.conn(), "ormt_o\"dd`table") == 1);
    // The unique column is really unique (the quoted name reached the DDL).
    db.session.add(Odd{.value = "plain", .tick = 3});
    CHECK_THROWS_AS(db.session.commit(), orm::IntegrityError);
}

TEST_CASE("dialect: SQLite quoting and type names (sqlite-only)") {
    SKIP_UNLESS(test::backend() == test::Backend::sqlite, "SQLite spelling of quotes and types");
    auto engine = orm::create_engine("sqlite://");
    const auto& d = engine->dialect();
    CHECK(d.quote("name") == "\"name\"");
    CHECK(d.quote("we\"ird") == "\"we\"\"ird\"");
    CHECK(d.quote("back`tick") == "\"back`tick\"");

    const auto& columns = test::Sample::table().columns();
    auto type_of = [&](std::string_view name) {
        const auto* column = test::Sample::table().find(name);
        REQUIRE(column != nullptr);
        return d.compiler().column_type(*column);
    };
    CHECK(columns.size() == 15);
    CHECK(type_of("big") == "INTEGER");
    CHECK(type_of("small") == "INTEGER");
    CHECK(type_of("flag") == "BOOLEAN");
    CHECK(type_of("ratio") == "REAL");
    CHECK(type_of("body") == "TEXT");
    CHECK(type_of("code") == "VARCHAR(16)");
    CHECK(type_of("at") == "DATETIME");
    CHECK(type_of("opt_code") == "VARCHAR(16)");
    CHECK(d.compiler().autoincrement_primary_key(test::Sample::table().primary_key()) ==
          "INTEGER PRIMARY KEY AUTOINCREMENT");
    CHECK(d.compiler().autoincrement_primary_key(test::Reusable::table().primary_key()) ==
          "INTEGER PRIMARY KEY");
    CHECK(d.compiler().limit_offset(5, std::nullopt) == " LIMIT 5");
    CHECK(d.compiler().limit_offset(5, 10) == " LIMIT 5 OFFSET 10");
    CHECK(d.compiler().limit_offset(std::nullopt, 10).find("OFFSET 10") != std::string::npos);
    CHECK(d.compiler().limit_offset(std::nullopt, std::nullopt).empty());
}

TEST_CASE("dialect: column types name the declared varchar length") {
    auto engine = test::make_engine();
    const auto* code = test::Sample::table().find("code");
    REQUIRE(code != nullptr);
    CHECK(engine->dialect().compiler().column_type(*code).find("16") != std::string::npos);
    const auto* body = test::Sample::table().find("body");
    CHECK(engine->dialect().compiler().column_type(*body) !=
          engine->dialect().compiler().column_type(*code));
}

TEST_CASE("dialect: auto-increment ids and last insert id") {
    test::Db db;
    auto a = db.session.add(Category{.name = "a"});
    auto b = db.session.add(Category{.name = "b"});
    auto c3 = db.session.add(Category{.name = "c"});
    db.session.commit();
    CHECK(a->id > 0);
    CHECK(b->id > a->id);
    CHECK(c3->id > b->id);

    SUBCASE("ids are never reused after a delete") {
        const auto last = c3->id;
        db.session.remove(c3);
        db.session.commit();
        auto d4 = db.session.add(Category{.name = "d"});
        db.session.commit();
        CHECK(d4->id > last);
    }
    SUBCASE("last_insert_id() after plain SQL") {
        auto& conn = db.conn();
        const auto& d = db.dialect();
        conn.execute(
            "INSERT INTO " + d.quote("ormt_categories") + " (" + d.quote("name") + ") VALUES (?)",
            {std::string("plain")});
        const auto id = conn.last_insert_id();
        CHECK(id > c3->id);
        CHECK(test::scalar(conn,
                           "SELECT " + d.quote("id") + " FROM " + d.quote("ormt_categories") +
                               " WHERE " + d.quote("name") + " = ?",
                           {std::string("plain")}) == id);
    }
    SUBCASE("an explicit id is kept by insert()") {
        // (add() takes an object with an id for a detached row to UPDATE.)
        Category e{.id = 1000, .name = "explicit"};
        db.session.insert(e);
        db.session.commit();
        CHECK(e.id == 1000);
        orm::Session other(*db.engine);
        CHECK(other.get<Category>(1000)->name == "explicit");
    }
}

TEST_CASE("dialect: LIMIT and OFFSET") {
    test::Db db;
    for (int i = 0; i < 10; ++i)
        db.session.add(Category{.name = "n" + std::to_string(i)});
    db.session.commit();
    auto names = [](const std::vector<std::shared_ptr<Category>>& rows) {
        std::string out;
        for (const auto& r : rows)
            out += r->name + " ";
        return out;
    };
    auto q = [&] { return db.session.query<Category>().order_by(c(&Category::name).asc()); };
    CHECK(names(q().limit(3).all()) == "n0 n1 n2 ");
    CHECK(names(q().limit(3).offset(4).all()) == "n4 n5 n6 ");
    CHECK(names(q().offset(8).all()) == "n8 n9 ");  // OFFSET alone
    CHECK(q().offset(20).all().empty());
    CHECK(q().limit(0).all().empty());
    CHECK(q().offset(5).first()->name == "n5");
    CHECK(q().limit(5).count() == 10);  // count() ignores limit
}

TEST_CASE("dialect: savepoints") {
    test::Db db;
    auto& conn = db.conn();
    const auto& d = db.dialect();
    const auto insert =
        "INSERT INTO " + d.quote("ormt_categories") + " (" + d.quote("name") + ") VALUES (?)";
    conn.begin(true);
    conn.execute(insert, {std::string("outer")});
    conn.savepoint("sp_a");
    conn.execute(insert, {std::string("inner")});
    CHECK(test::count_rows(conn, "ormt_categories") == 2);
    conn.rollback_to_savepoint("sp_a");
    conn.release_savepoint("sp_a");
    CHECK(test::count_rows(conn, "ormt_categories") == 1);
    conn.savepoint("sp_b");
    conn.execute(insert, {std::string("kept")});
    conn.release_savepoint("sp_b");
    conn.commit();
    CHECK(test::count_rows(conn, "ormt_categories") == 2);
    orm::Session s(*db.engine);
    CHECK(s.query<Category>().filter(c(&Category::name) == std::string("inner")).count() == 0);
    CHECK(s.query<Category>().filter(c(&Category::name) == std::string("kept")).count() == 1);
}

TEST_CASE("dialect: a unique violation is an IntegrityError carrying statement and code") {
    test::Db db;
    db.session.add(Category{.name = "dup"});
    db.session.commit();
    db.session.add(Category{.name = "dup"});
    try {
        db.session.commit();
        FAIL("no IntegrityError");
    } catch (const orm::IntegrityError& e) {
        CHECK(e.statement().find("INSERT INTO " + db.q("ormt_categories")) == 0);
        CHECK(e.code() != 0);
        CHECK_FALSE(e.transient());
        CHECK(std::string(e.what()).size() > 0);
        if (test::backend() == test::Backend::sqlite)
            CHECK(e.code() == 2067);  // SQLITE_CONSTRAINT_UNIQUE
    }
}

TEST_CASE("dialect: a foreign key violation is an IntegrityError") {
    test::Db db;
    db.session.add(Note{.text = "orphan", .category_id = 424242});
    try {
        db.session.commit();
        FAIL("no IntegrityError");
    } catch (const orm::IntegrityError& e) {
        CHECK(e.statement().find("INSERT INTO " + db.q("ormt_notes")) == 0);
        CHECK(e.code() != 0);
        if (test::backend() == test::Backend::sqlite)
            CHECK(e.code() == 787);  // SQLITE_CONSTRAINT_FOREIGNKEY
    }
    CHECK(test::count_rows(db.conn(), "ormt_notes") == 0);

    SUBCASE("deleting a referenced parent without cascade is refused") {
        auto root = db.session.add(test::Root{.name = "r"});
        db.session.flush();
        db.session.add(test::Branch{.root_id = root->id});
        db.session.commit();
        db.session.remove(root);
        CHECK_THROWS_AS(db.session.commit(), orm::IntegrityError);
        CHECK(test::count_rows(db.conn(), "ormt_root") == 1);
    }
}

TEST_CASE("dialect: bad SQL is a ProgrammingError carrying statement and code") {
    auto engine = test::make_engine();
    auto& conn = engine->connection();
    SUBCASE("syntax") {
        try {
            conn.execute("SELEC 1");
            FAIL("no ProgrammingError");
        } catch (const orm::ProgrammingError& e) {
            CHECK(e.statement() == "SELEC 1");
            CHECK(e.code() != 0);
            CHECK_FALSE(e.transient());
            if (test::backend() == test::Backend::sqlite) CHECK(e.code() == 1);  // SQLITE_ERROR
        }
    }
    SUBCASE("unknown table") {
        const auto sql = "SELECT * FROM " + conn.dialect().quote("ormt_no_such_table");
        try {
            conn.execute(sql);
            FAIL("no ProgrammingError");
        } catch (const orm::ProgrammingError& e) {
            CHECK(e.statement() == sql);
            CHECK(std::string(e.what()).find("ormt_no_such_table") != std::string::npos);
        }
    }
    SUBCASE("in a script") {
        CHECK_THROWS_AS(conn.execute_script("CREATE TABLUS x (y INT)"), orm::ProgrammingError);
    }
    // The connection stays usable.
    CHECK(test::scalar(conn, "SELECT 1") == 1);
}

TEST_CASE("dialect: SQLITE_BUSY is a transient OperationalError (sqlite-only)") {
    SKIP_UNLESS(test::capabilities().file_database,
                "a second SQLite connection holding the write lock");
    test::TempDir dir;
    auto engine = test::make_file_engine(dir, {.busy_timeout = std::chrono::milliseconds(50)});
    test::all_tables().create_all(engine->connection());

    auto holder = engine->connect();
    holder->begin(/*write=*/true);  // holds the write lock

    orm::Session session(*engine);
    SUBCASE("a write waits busy_timeout, then fails") {
        session.add(Category{.name = "blocked"});
        const auto start = std::chrono::steady_clock::now();
        try {
            session.flush();
            FAIL("no OperationalError");
        } catch (const orm::OperationalError& e) {
            CHECK(e.transient());
            CHECK((e.code() & 0xFF) == 5);  // SQLITE_BUSY
            CHECK(e.statement().find("INSERT INTO") == 0);
        }
        CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(40));
        CHECK_FALSE(session.in_transaction());
    }
    SUBCASE("a write transaction cannot begin") {
        try {
            auto tx = session.begin(true);
            FAIL("no OperationalError");
        } catch (const orm::OperationalError& e) {
            CHECK(e.transient());
            CHECK((e.code() & 0xFF) == 5);
            CHECK(e.statement() == "BEGIN IMMEDIATE");
        }
        CHECK_FALSE(session.in_transaction());
    }
    // Once the lock is released the same session writes.
    holder->rollback();
    session.add(Category{.name = "later"});
    session.commit();
    CHECK(test::count_rows(engine->connection(), "ormt_categories") == 1);
}

TEST_CASE("dialect: an orm::rowid key is a primary key whose ids SQLite may reuse") {
    test::Db db;
    const auto& key = test::Reusable::table().primary_key();
    CHECK(key.primary_key);
    CHECK(key.reuse_ids);
    auto a = db.session.add(test::Reusable{.name = "a"});
    auto b = db.session.add(test::Reusable{.name = "b"});
    db.session.commit();
    CHECK(b->id > a->id);
    const auto last = b->id;
    db.session.remove(b);
    db.session.commit();
    auto c = db.session.add(test::Reusable{.name = "c"});
    db.session.commit();
    if (support::capabilities().reuses_row_ids)
        CHECK(c->id == last);  // max(id) + 1 again: no sqlite_sequence
    else
        CHECK(c->id > last);  // a server's sequence never goes back
}
