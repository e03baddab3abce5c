// The unit of work (orm/session.hpp): add / get / remove / flush / commit /
// rollback, the identity map, RAII transactions and savepoints.
#include <doctest/doctest.h>

#include <string>

#include "backend.hpp"
#include "orm/dialect/compiler.hpp"

using orm::c;
using test::Category;
using test::Note;
using test::Sample;

namespace {

std::int64_t count_named(test::Db& db, const std::string& name) {
    return test::scalar(
        db.conn(),
        "SELECT COUNT(*) FROM " + db.q("ormt_categories") + " WHERE " + db.q("name") + " = ?",
        {name});
}

}  // namespace

TEST_CASE("session: add inserts a new object and sets its id at flush") {
    test::Db db;
    auto cat = db.session.add(Category{.name = "new"});
    CHECK(cat->id == 0);
    CHECK(count_named(db, "new") == 0);  // nothing written before flush
    db.session.flush();
    CHECK(cat->id > 0);
    CHECK(count_named(db, "new") == 1);
    db.session.commit();
    CHECK_FALSE(db.session.in_transaction());

    SUBCASE("adding the same object again changes nothing") {
        auto again = db.session.add(cat);
        CHECK(again == cat);
        db.session.commit();
        CHECK(count_named(db, "new") == 1);
    }
    SUBCASE("a shared_ptr made by the caller is tracked as is") {
        auto mine = std::make_shared<Category>(Category{.name = "mine"});
        db.session.add(mine);
        db.session.commit();
        CHECK(mine->id > 0);
        CHECK(db.session.get<Category>(mine->id) == mine);
    }
}

TEST_CASE("session: rows are INSERTed in the order they were added") {
    test::Db db;
    auto tx = db.session.begin();
    SUBCASE("a run of adds, some removed again before the flush") {
        std::vector<std::shared_ptr<Category>> added;
        for (int i = 0; i < 6; ++i)
            added.push_back(db.session.add(Category{.name = "run" + std::to_string(i)}));
        db.session.remove(added[1]);
        db.session.remove(added[4]);
        db.session.flush();
        CHECK(added[1]->id == 0);
        CHECK(added[4]->id == 0);
        CHECK(added[0]->id < added[2]->id);
        CHECK(added[2]->id < added[3]->id);
        CHECK(added[3]->id < added[5]->id);
    }
    SUBCASE("adds far apart, with many rows read between them") {
        for (int i = 0; i < 20; ++i)
            db.session.add(Category{.name = "read" + std::to_string(i)});
        db.session.flush();
        auto first = db.session.add(Category{.name = "first"});
        CHECK(db.session.query<Category>().all().size() >= 20);  // each read is tracked
        auto second = db.session.add(Category{.name = "second"});
        db.session.flush();
        CHECK(first->id > 0);
        CHECK(first->id < second->id);
    }
    tx.commit();
}

TEST_CASE("session: an object added without an id may be given one before its flush") {
    test::Db db;
    auto cat = db.session.add(Category{.name = "chosen"});
    cat->id = 4242;  // pending under its address until the INSERT
    db.session.commit();
    CHECK(count_named(db, "chosen") == 1);
    CHECK(test::scalar(db.conn(),
                       "SELECT " + db.q("id") + " FROM " + db.q("ormt_categories") + " WHERE " +
                           db.q("name") + " = 'chosen'",
                       {}) == 4242);
    db.session.connection();
    const auto before = db.conn().statements_run();
    CHECK(db.session.get<Category>(4242) == cat);  // found by its id, no SELECT
    CHECK(db.conn().statements_run() == before);
}

TEST_CASE("session: an INSERT binds each column from the object as it is") {
    test::Db db;
    // Empty texts are texts, absent optionals are NULL, a time is its text.
    auto s = db.session.add(Sample{.small = 1,
                                   .body = "",
                                   .code = "c\xC3\xA9",
                                   .at = *orm::Timestamp::parse("2026-11-30 08:15:42"),
                                   .opt_body = std::nullopt,
                                   .opt_code = std::string(),
                                   .opt_at = *orm::Timestamp::parse("1999-12-31 23:59:59")});
    db.session.commit();
    auto row = db.conn().prepare("SELECT " + db.q("body") + ", " + db.q("code") + ", " +
                                 db.q("opt_body") + ", " + db.q("opt_code") + ", " +
                                 db.q("opt_at") + " FROM " + db.q("ormt_samples") + " WHERE " +
                                 db.q("id") + " = " + db.dialect().compiler().placeholder(1));
    row->bind(1, s->id);
    REQUIRE(row->step());
    CHECK_FALSE(row->is_null(0));
    CHECK(row->get_text(0).empty());
    CHECK(row->get_text(1) == "c\xC3\xA9");
    CHECK(row->is_null(2));
    CHECK_FALSE(row->is_null(3));
    CHECK(row->get_text(3).empty());
    CHECK(orm::Timestamp::parse(row->get_text(4)) == orm::Timestamp::parse("1999-12-31 23:59:59"));
}

TEST_CASE("session: a changed object is UPDATEd with its changed columns only") {
    test::Db db;
    auto s = db.session.add(Sample{.small = 1, .body = "before", .at = orm::Timestamp::now()});
    db.session.commit();

    SUBCASE("nothing changed: no statement") {
        db.session.connection();
        const auto before = db.conn().statements_run();
        db.session.flush();
        CHECK(db.conn().statements_run() == before);
    }
    SUBCASE("one column changed: one UPDATE setting only that column") {
        // Another writer changes a different column meanwhile.
        db.conn().execute("UPDATE " + db.q("ormt_samples") + " SET " + db.q("small") +
                              " = ? WHERE " + db.q("id") + " = ?",
                          {std::int64_t{99}, s->id});
        s->body = "after";
        test::LogCapture log;
        db.conn().set_echo(true);
        db.session.connection();
        const auto before = db.conn().statements_run();
        db.session.flush();
        CHECK(db.conn().statements_run() == before + 1);
        const auto text = log.text();
        CAPTURE(text);
        CHECK(text.find("UPDATE " + db.q("ormt_samples") + " SET " + db.q("body") + " = " +
                        db.dialect().compiler().placeholder(1) + " WHERE") != std::string::npos);
        CHECK(text.find(db.q("small")) == std::string::npos);
        db.session.commit();
        orm::Session fresh(*db.engine);
        auto read = fresh.get<Sample>(s->id);
        CHECK(read->body == "after");
        CHECK(read->small == 99);  // not overwritten with the stale 1
    }
}

TEST_CASE("session: get() goes through the identity map") {
    test::Db db;
    auto cat = db.session.add(Category{.name = "one"});
    db.session.commit();

    SUBCASE("the added object itself") {
        db.session.connection();
        const auto before = db.conn().statements_run();
        CHECK(db.session.get<Category>(cat->id) == cat);
        CHECK(db.conn().statements_run() == before);  // no statement
    }
    SUBCASE("a loaded object: one SELECT, then none") {
        orm::Session fresh(*db.engine);
        fresh.connection();
        const auto before = db.conn().statements_run();
        auto a = fresh.get<Category>(cat->id);
        REQUIRE(a);
        CHECK(a != cat);  // another session, another object
        CHECK(a->name == "one");
        CHECK(db.conn().statements_run() == before + 1);
        auto b = fresh.get<Category>(cat->id);
        CHECK(b == a);                                    // same pointer
        CHECK(db.conn().statements_run() == before + 1);  // cached: no statement
        // Queries return the tracked object too, without overwriting it.
        a->name = "unsaved";
        auto q = fresh.query<Category>().filter(c(&Category::id) == cat->id).one();
        CHECK(q == a);
        CHECK(q->name == "unsaved");
    }
    SUBCASE("a missing id is nullptr") {
        CHECK(db.session.get<Category>(cat->id + 1000) == nullptr);
    }
    SUBCASE("expunge_all forgets tracked objects") {
        db.session.expunge_all();
        auto again = db.session.get<Category>(cat->id);
        REQUIRE(again);
        CHECK(again != cat);
        CHECK(again->name == "one");
    }
}

TEST_CASE("session: once written, what only the session holds is forgotten") {
    test::Db db;
    std::int64_t dropped_id = 0;
    {
        auto temporary = db.session.add(Category{.name = "let go"});
        db.session.flush();
        dropped_id = temporary->id;
    }  // the caller lets go; the session alone holds it now
    auto kept = db.session.add(Category{.name = "kept"});
    db.session.commit();
    REQUIRE(dropped_id > 0);
    CHECK(count_named(db, "let go") == 1);

    db.session.connection();
    const auto before = db.conn().statements_run();
    // What the caller still holds is tracked: no statement, the same object.
    CHECK(db.session.get<Category>(kept->id) == kept);
    CHECK(db.conn().statements_run() == before);
    // The other was forgotten at the commit's flush: read again, one SELECT.
    auto again = db.session.get<Category>(dropped_id);
    REQUIRE(again);
    CHECK(again->name == "let go");
    CHECK(db.conn().statements_run() == before + 1);

    // A tracked object still held is written when it changes.
    kept->name = "kept, renamed";
    db.session.commit();
    CHECK(count_named(db, "kept, renamed") == 1);

    SUBCASE("a savepoint keeps what it may restore") {
        auto tx = db.session.begin();
        auto inner = db.session.begin();  // a savepoint: its snapshot holds `kept`
        const auto id = kept->id;
        const auto* address = kept.get();
        kept.reset();
        db.session.flush();
        const auto at = db.conn().statements_run();
        CHECK(db.session.get<Category>(id).get() == address);  // still tracked
        CHECK(db.conn().statements_run() == at);
        inner.rollback();
        tx.commit();
    }
}

TEST_CASE("session: remove deletes at flush") {
    test::Db db;
    auto cat = db.session.add(Category{.name = "doomed"});
    auto other = db.session.add(Category{.name = "other"});
    db.session.commit();
    const auto id = cat->id;

    db.session.remove(cat);
    CHECK(db.session.get<Category>(id) == nullptr);  // already gone for the session
    CHECK(count_named(db, "doomed") == 1);           // not yet in the database
    db.session.flush();
    CHECK(count_named(db, "doomed") == 0);
    db.session.commit();
    CHECK(db.session.get<Category>(id) == nullptr);
    CHECK(count_named(db, "other") == 1);
    db.session.commit();  // sessions below share the engine's connection

    SUBCASE("removing a pending object just forgets it") {
        auto pending = db.session.add(Category{.name = "never"});
        db.session.remove(pending);
        db.session.commit();
        CHECK(count_named(db, "never") == 0);
        CHECK(pending->id == 0);
    }
    SUBCASE("removing an object the session never saw, by id") {
        auto detached = std::make_shared<Category>(Category{.id = other->id, .name = "other"});
        orm::Session fresh(*db.engine);
        fresh.remove(detached);
        fresh.commit();
        CHECK(count_named(db, "other") == 0);
    }
    SUBCASE("one object per row: a second object for a tracked row is refused") {
        orm::Session fresh(*db.engine);
        auto tracked = fresh.get<Category>(other->id);
        REQUIRE(tracked);
        auto twin = std::make_shared<Category>(Category{.id = other->id, .name = "twin"});
        CHECK_THROWS_AS(fresh.add(twin), std::logic_error);
        CHECK_THROWS_AS(fresh.remove(twin), std::logic_error);
        fresh.commit();  // nothing was written
        CHECK(count_named(db, "other") == 1);
        CHECK(count_named(db, "twin") == 0);
    }
}

TEST_CASE("session: commit makes changes visible to another connection") {
    test::TempDir dir;
    test::Db db(test::make_file_engine(dir));
    auto reader = db.engine->connect();
    db.session.add(Category{.name = "shared"});
    db.session.flush();
    CHECK(test::count_rows(*reader, "ormt_categories") == 0);  // not committed yet
    db.session.commit();
    CHECK(test::count_rows(*reader, "ormt_categories") == 1);
}

TEST_CASE("session: rollback restores the state of the transaction's start") {
    test::Db db;
    auto kept = db.session.add(Category{.name = "kept"});
    db.session.commit();
    const auto kept_id = kept->id;

    SUBCASE("changed values are restored, in memory and in the database") {
        kept->name = "renamed";
        db.session.flush();
        CHECK(count_named(db, "renamed") == 1);
        db.session.rollback();
        CHECK(kept->name == "kept");
        CHECK(count_named(db, "renamed") == 0);
        CHECK(count_named(db, "kept") == 1);
        // Still tracked: a later change is written.
        kept->name = "renamed later";
        db.session.commit();
        CHECK(count_named(db, "renamed later") == 1);
    }
    SUBCASE("inserted objects are back to id 0 and their rows are gone") {
        auto fresh = db.session.add(Category{.name = "fresh"});
        db.session.flush();
        const auto id = fresh->id;
        CHECK(id > 0);
        CHECK(count_named(db, "fresh") == 1);
        db.session.rollback();
        CHECK(fresh->id == 0);
        CHECK(count_named(db, "fresh") == 0);
        CHECK(db.session.get<Category>(id) == nullptr);
        // It can be added again and saved.
        db.session.add(fresh);
        db.session.commit();
        CHECK(fresh->id > 0);
        CHECK(count_named(db, "fresh") == 1);
    }
    SUBCASE("inserted inside an explicit transaction") {
        auto tx = db.session.begin();
        auto fresh = db.session.add(Category{.name = "fresh"});
        db.session.flush();
        CHECK(fresh->id > 0);
        tx.rollback();
        CHECK(fresh->id == 0);
        CHECK(count_named(db, "fresh") == 0);
    }
    SUBCASE("a removed object comes back") {
        db.session.remove(kept);
        db.session.flush();
        CHECK(count_named(db, "kept") == 0);
        db.session.rollback();
        CHECK(count_named(db, "kept") == 1);
        CHECK(db.session.get<Category>(kept_id) == kept);
        CHECK(kept->id == kept_id);
    }
    SUBCASE("objects merely loaded in the transaction keep their id") {
        orm::Session other(*db.engine);
        auto loaded = other.get<Category>(kept_id);
        REQUIRE(loaded);
        auto listed = other.query<Category>().all();
        REQUIRE(listed.size() == 1);
        other.rollback();
        CHECK(loaded->id == kept_id);
        CHECK(loaded->name == "kept");
        // And the session can still load the row.
        auto again = other.get<Category>(kept_id);
        REQUIRE(again);
        CHECK(again->name == "kept");
    }
    SUBCASE("unflushed changes are undone and pending objects dropped") {
        kept->name = "in memory only";
        auto pending = db.session.add(Category{.name = "pending"});
        db.session.rollback();
        CHECK(kept->name == "kept");
        db.session.commit();
        CHECK(count_named(db, "pending") == 0);
        CHECK(pending->id == 0);
    }
}

TEST_CASE("session: after a failed flush the session is rolled back and stays usable") {
    test::Db db;
    auto first = db.session.add(Category{.name = "taken"});
    db.session.commit();

    auto ok = db.session.add(Category{.name = "fine"});
    auto dup = db.session.add(Category{.name = "taken"});
    CHECK_THROWS_AS(db.session.flush(), orm::IntegrityError);
    CHECK_FALSE(db.session.in_transaction());
    CHECK(ok->id == 0);  // inserted before the failure, rolled back
    CHECK(dup->id == 0);
    CHECK(count_named(db, "fine") == 0);
    CHECK(first->id > 0);
    CHECK(db.session.get<Category>(first->id) == first);

    // Usable: new work commits, and the failed objects are not retried.
    auto later = db.session.add(Category{.name = "later"});
    CHECK_NOTHROW(db.session.commit());
    CHECK(later->id > 0);
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 2);
    // The refused object can be fixed and added again.
    dup->name = "not taken";
    db.session.add(dup);
    db.session.commit();
    CHECK(dup->id > 0);
    CHECK(count_named(db, "not taken") == 1);
}

TEST_CASE("session: a failed commit inside a transaction rolls it all back") {
    test::Db db;
    db.session.add(Category{.name = "taken"});
    db.session.commit();
    {
        auto tx = db.session.begin();
        auto a = db.session.add(Category{.name = "a"});
        db.session.flush();
        db.session.add(Category{.name = "taken"});
        CHECK_THROWS_AS(tx.commit(), orm::IntegrityError);
        CHECK(a->id == 0);
    }
    CHECK_FALSE(db.session.in_transaction());
    CHECK(count_named(db, "a") == 0);
    db.session.add(Category{.name = "b"});
    db.session.commit();
    CHECK(count_named(db, "b") == 1);
}

TEST_CASE("session: an RAII transaction rolls back unless committed") {
    test::Db db;
    SUBCASE("not committed") {
        std::shared_ptr<Category> cat;
        {
            auto tx = db.session.begin();
            CHECK_FALSE(tx.nested());
            CHECK(db.session.in_transaction());
            cat = db.session.add(Category{.name = "temp"});
            db.session.flush();
            CHECK(count_named(db, "temp") == 1);
        }
        CHECK_FALSE(db.session.in_transaction());
        CHECK(count_named(db, "temp") == 0);
        CHECK(cat->id == 0);
    }
    SUBCASE("committed") {
        std::shared_ptr<Category> cat;
        {
            auto tx = db.session.begin();
            cat = db.session.add(Category{.name = "kept"});
            tx.commit();  // flushes
        }
        CHECK(cat->id > 0);
        CHECK(count_named(db, "kept") == 1);
        CHECK_FALSE(db.session.in_transaction());
    }
    SUBCASE("committing twice is a logic error; rollback after commit does nothing") {
        auto tx = db.session.begin();
        db.session.add(Category{.name = "once"});
        tx.commit();
        CHECK_THROWS_AS(tx.commit(), std::logic_error);
        CHECK_NOTHROW(tx.rollback());
        CHECK(count_named(db, "once") == 1);
    }
    SUBCASE("a moved-from transaction does nothing") {
        std::shared_ptr<Category> cat;
        {
            auto tx = db.session.begin();
            cat = db.session.add(Category{.name = "moved"});
            auto owner = std::move(tx);
            owner.commit();
        }
        CHECK(count_named(db, "moved") == 1);
    }
}

TEST_CASE("session: a nested savepoint rolled back inside a committed transaction") {
    test::Db db;
    std::shared_ptr<Category> outer_obj, inner_obj;
    {
        auto tx = db.session.begin();
        outer_obj = db.session.add(Category{.name = "outer"});
        db.session.flush();
        {
            auto inner = db.session.begin();
            CHECK(inner.nested());
            inner_obj = db.session.add(Category{.name = "inner"});
            outer_obj->name = "outer changed inside";
            db.session.flush();
            CHECK(count_named(db, "inner") == 1);
        }  // rolled back
        CHECK(inner_obj->id == 0);
        CHECK(outer_obj->name == "outer");  // the change inside is undone
        CHECK(count_named(db, "inner") == 0);
        CHECK(db.session.in_transaction());
        tx.commit();
    }
    CHECK(outer_obj->id > 0);
    CHECK(count_named(db, "outer") == 1);
    CHECK(count_named(db, "inner") == 0);
    CHECK(count_named(db, "outer changed inside") == 0);

    SUBCASE("a committed savepoint inside a rolled-back transaction is rolled back too") {
        std::shared_ptr<Category> a;
        {
            auto tx = db.session.begin();
            {
                auto inner = db.session.begin();
                a = db.session.add(Category{.name = "released"});
                inner.commit();
            }
            CHECK(a->id > 0);
            CHECK(count_named(db, "released") == 1);
        }
        CHECK(a->id == 0);
        CHECK(count_named(db, "released") == 0);
    }
    SUBCASE("two levels") {
        auto tx = db.session.begin();
        auto l1 = db.session.begin();
        db.session.add(Category{.name = "l1"});
        {
            auto l2 = db.session.begin();
            db.session.add(Category{.name = "l2"});
            db.session.flush();
        }
        l1.commit();
        tx.commit();
        CHECK(count_named(db, "l1") == 1);
        CHECK(count_named(db, "l2") == 0);
    }
}

TEST_CASE("session: insert() writes at once without tracking") {
    test::Db db;
    Category cat{.name = "bulk"};
    db.session.insert(cat);
    CHECK(cat.id > 0);
    CHECK(count_named(db, "bulk") == 1);
    db.session.commit();
    auto loaded = db.session.get<Category>(cat.id);
    REQUIRE(loaded);
    CHECK(loaded.get() != &cat);
    CHECK(loaded->name == "bulk");
}

TEST_CASE("session: destroying a session with an open transaction rolls it back") {
    test::Db db;
    {
        orm::Session scratch(*db.engine);
        scratch.add(Category{.name = "abandoned"});
        scratch.flush();
    }
    CHECK(count_named(db, "abandoned") == 0);
}

TEST_CASE("session: inside a transaction a bulk add is written in batches as it goes") {
    test::Db db;
    const auto bulk_rows = [&db] {
        return test::scalar(db.conn(),
                            "SELECT COUNT(*) FROM " + db.q("ormt_categories") + " WHERE " +
                                db.q("name") + " LIKE 'bulk%'",
                            {});
    };
    auto tx = db.session.begin();
    auto first = db.session.add(Category{.name = "bulk0"});
    for (int i = 1; i < 999; ++i)
        db.session.add(Category{.name = "bulk" + std::to_string(i)});
    CHECK(first->id == 0);  // fewer adds than a batch: nothing written yet
    db.session.add(Category{.name = "bulk999"});
    CHECK(first->id > 0);  // the thousandth add flushed the batch
    CHECK(bulk_rows() == 1000);

    SUBCASE("the rest is written at commit, every row once") {
        for (int i = 1000; i < 1500; ++i)
            db.session.add(Category{.name = "bulk" + std::to_string(i)});
        CHECK(bulk_rows() == 1000);
        tx.commit();
        CHECK(bulk_rows() == 1500);
    }
    SUBCASE("a refused value is reported by the add that flushes it; nothing stays") {
        for (int i = 1000; i < 1998; ++i)
            db.session.add(Category{.name = "bulk" + std::to_string(i)});
        db.session.add(Category{.name = std::string(65, 'x')});  // over varchar(64)
        CHECK_THROWS_AS(db.session.add(Category{.name = "bulk1999"}), orm::ValidationError);
        CHECK_FALSE(db.session.in_transaction());
        CHECK(bulk_rows() == 0);  // the first batch too: the transaction rolled back
    }
}
