// Bulk loads (orm/bulk.hpp): what a load leaves behind is what row-by-row
// inserts would have left, whether it finishes, rolls back, or loads into a
// table that already has rows.
#include <doctest/doctest.h>

#include <string>

#include "backend.hpp"
#include "orm/bulk.hpp"

using test::Category;
using test::Note;

namespace {

// SQLite: the table's own index definitions, in name order ("" elsewhere).
std::string index_sql(test::Db& db) {
    if (test::backend() != test::Backend::sqlite) return "";
    return test::scalar_text(
        db.conn(),
        "SELECT COALESCE(group_concat(sql, ';'), '') FROM (SELECT sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = 'ormt_notes' AND sql IS NOT NULL ORDER BY name)");
}

std::int64_t notes_of(test::Db& db, std::int64_t category) {
    return test::scalar(
        db.conn(),
        "SELECT COUNT(*) FROM " + db.q("ormt_notes") + " WHERE " + db.q("category_id") + " = ?",
        {category});
}

void load(test::Db& db, std::int64_t category, int rows) {
    for (int i = 0; i < rows; ++i) {
        Note note{.text = "bulk " + std::to_string(i), .category_id = category};
        db.session.insert(note);
    }
}

}  // namespace

TEST_CASE("bulk load: into an empty table, its indexes are built once at the end") {
    test::Db db;
    const auto cat = db.session.add(Category{.name = "bulk"});
    db.session.commit();
    const auto indexes = index_sql(db);
    const auto names = test::index_names(db.conn(), "ormt_notes");
    REQUIRE_FALSE(names.empty());
    if (test::backend() == test::Backend::sqlite)
        REQUIRE(indexes.find("ix_ormt_notes_cat_created") != std::string::npos);

    SUBCASE("finished: the same indexes, holding every new row") {
        auto tx = db.session.begin();
        orm::BulkLoad bulk(db.session, Note::table());
        if (test::backend() == test::Backend::sqlite) CHECK(index_sql(db).empty());
        load(db, cat->id, 300);
        bulk.finish();
        tx.commit();
        CHECK(index_sql(db) == indexes);
        CHECK(test::index_names(db.conn(), "ormt_notes") == names);
        CHECK(notes_of(db, cat->id) == 300);
        // Every index entry matches its row.
        if (test::backend() == test::Backend::sqlite)
            CHECK(test::scalar_text(db.conn(), "PRAGMA integrity_check") == "ok");
    }
    SUBCASE("rolled back: the indexes are as they were, and no row") {
        {
            auto tx = db.session.begin();
            orm::BulkLoad bulk(db.session, Note::table());
            load(db, cat->id, 50);
            tx.rollback();
        }
        CHECK(index_sql(db) == indexes);
        CHECK(test::index_names(db.conn(), "ormt_notes") == names);
        CHECK(notes_of(db, cat->id) == 0);
    }
    SUBCASE("into a table with rows, the indexes stay throughout") {
        load(db, cat->id, 1);
        db.session.commit();
        auto tx = db.session.begin();
        orm::BulkLoad bulk(db.session, Note::table());
        CHECK(index_sql(db) == indexes);
        CHECK(test::index_names(db.conn(), "ormt_notes") == names);
        load(db, cat->id, 20);
        bulk.finish();
        tx.commit();
        CHECK(index_sql(db) == indexes);
        CHECK(test::index_names(db.conn(), "ormt_notes") == names);
        CHECK(notes_of(db, cat->id) == 21);
    }
}

TEST_CASE("bulk load: the full-text table's own settings come back afterwards (sqlite-only)") {
    SKIP_UNLESS(test::backend() == test::Backend::sqlite, "FTS5 settings");
    test::Db db;
    const auto cat = db.session.add(Category{.name = "bulk"});
    db.session.commit();
    const auto hashsize = [&] {
        return test::scalar_text(
            db.conn(),
            "SELECT COALESCE((SELECT v FROM ormt_notes_fts_config WHERE k = 'hashsize'), "
            "'default')");
    };
    const auto bulk_load = [&] {
        auto tx = db.session.begin();
        orm::BulkLoad bulk(db.session, Note::table());
        load(db, cat->id, 40);
        bulk.finish();
        tx.commit();
    };
    bulk_load();
    CHECK(hashsize() == "1048576");  // FTS5's default, now written down
    db.conn().execute_script(
        "INSERT INTO ormt_notes_fts(ormt_notes_fts, rank) VALUES ('hashsize', 2000000)");
    bulk_load();
    CHECK(hashsize() == "2000000");
    CHECK(test::scalar(db.conn(),
                       "SELECT COUNT(*) FROM ormt_notes_fts WHERE ormt_notes_fts MATCH 'bulk'") ==
          80);
}
