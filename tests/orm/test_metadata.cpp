// MetaData (orm/metadata.hpp): create_all keeps existing tables and rows,
// tables are created in foreign-key order whatever the order they were added
// in, and dropped in the reverse order.
#include <doctest/doctest.h>

#include <string>

#include "backend.hpp"

using orm::c;
using test::Branch;
using test::Category;
using test::Leaf;
using test::Root;

namespace {

std::vector<std::string> names(const std::vector<const orm::TableDef*>& tables) {
    std::vector<std::string> out;
    for (const auto* t : tables)
        out.push_back(t->name());
    return out;
}

// Where the first logged line holding both `verb` and `table` starts.
std::size_t line_of(const std::string& log, std::string_view verb, const std::string& table) {
    std::size_t at = 0;
    while (at < log.size()) {
        auto end = log.find('\n', at);
        if (end == std::string::npos) end = log.size();
        const auto line = std::string_view(log).substr(at, end - at);
        if (line.find(verb) != line.npos && line.find(table) != line.npos) return at;
        at = end + 1;
    }
    return std::string::npos;
}

}  // namespace

TEST_CASE("metadata: tables are sorted so each follows the tables it references") {
    orm::MetaData metadata;
    metadata.add<Leaf>().add<Root>().add<Branch>();
    CHECK(names(metadata.sorted_tables()) ==
          std::vector<std::string>{"ormt_root", "ormt_branch", "ormt_leaf"});

    orm::MetaData twice;
    twice.add<Branch>().add<Branch>().add<Root>();
    CHECK(twice.sorted_tables().size() == 2);  // added once
    CHECK(names(twice.sorted_tables()) == std::vector<std::string>{"ormt_root", "ormt_branch"});

    // A reference to a table outside the metadata does not block sorting.
    orm::MetaData partial;
    partial.add<Leaf>();
    CHECK(names(partial.sorted_tables()) == std::vector<std::string>{"ormt_leaf"});
}

TEST_CASE("metadata: create_all in FK order, whatever the add order; drop_all in reverse") {
    auto engine = test::make_engine({.echo = true});
    auto& conn = engine->connection();
    const auto& d = conn.dialect();
    orm::MetaData metadata;
    metadata.add<Leaf>().add<Branch>().add<Root>();

    test::LogCapture log;
    metadata.create_all(conn);
    const auto created = log.text();
    const auto root_at = line_of(created, "CREATE TABLE", d.quote("ormt_root"));
    const auto branch_at = line_of(created, "CREATE TABLE", d.quote("ormt_branch"));
    const auto leaf_at = line_of(created, "CREATE TABLE", d.quote("ormt_leaf"));
    REQUIRE(root_at != std::string::npos);
    REQUIRE(branch_at != std::string::npos);
    REQUIRE(leaf_at != std::string::npos);
    CHECK(root_at < branch_at);
    CHECK(branch_at < leaf_at);
    CHECK(d.has_table(conn, "ormt_root"));
    CHECK(d.has_table(conn, "ormt_branch"));
    CHECK(d.has_table(conn, "ormt_leaf"));

    // Rows referencing each other: dropping in the wrong order would fail.
    orm::Session session(*engine);
    auto root = session.add(Root{.name = "r"});
    session.flush();
    auto branch = session.add(Branch{.root_id = root->id});
    session.flush();
    session.add(Leaf{.branch_id = branch->id});
    session.commit();

    log.clear();
    metadata.drop_all(conn);
    const auto dropped = log.text();
    const auto leaf_drop = line_of(dropped, "DROP TABLE", d.quote("ormt_leaf"));
    const auto branch_drop = line_of(dropped, "DROP TABLE", d.quote("ormt_branch"));
    const auto root_drop = line_of(dropped, "DROP TABLE", d.quote("ormt_root"));
    REQUIRE(leaf_drop != std::string::npos);
    REQUIRE(branch_drop != std::string::npos);
    REQUIRE(root_drop != std::string::npos);
    CHECK(leaf_drop < branch_drop);
    CHECK(branch_drop < root_drop);
    CHECK_FALSE(d.has_table(conn, "ormt_root"));
    CHECK_FALSE(d.has_table(conn, "ormt_branch"));
    CHECK_FALSE(d.has_table(conn, "ormt_leaf"));
    // Dropping what is not there is fine.
    CHECK_NOTHROW(metadata.drop_all(conn));
}

TEST_CASE("metadata: create_all skips existing tables and keeps their rows") {
    test::Db db;
    auto cat = db.session.add(Category{.name = "kept"});
    db.session.flush();
    db.session.add(test::Note{.text = "kept note", .category_id = cat->id});
    db.session.commit();

    CHECK_NOTHROW(test::all_tables().create_all(db.conn()));
    CHECK_NOTHROW(test::all_tables().create_all(db.conn()));
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 1);
    CHECK(test::count_rows(db.conn(), "ormt_notes") == 1);
    // The full-text index still finds the row (and holds it once, not twice).
    orm::Session fresh(*db.engine);
    CHECK(fresh.query<test::Note>().search(&test::Note::text, {{"kept"}}).count() == 1);
    CHECK(fresh.query<Category>().filter(c(&Category::name) == std::string("kept")).one()->id ==
          cat->id);
}

TEST_CASE("metadata: drop_all then create_all gives empty tables") {
    test::Db db;
    db.session.add(Category{.name = "gone"});
    db.session.commit();
    test::all_tables().drop_all(db.conn());
    CHECK_FALSE(db.dialect().has_table(db.conn(), "ormt_categories"));
    CHECK_FALSE(db.dialect().has_table(db.conn(), "ormt_notes"));
    test::all_tables().create_all(db.conn());
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 0);
    orm::Session fresh(*db.engine);
    fresh.add(Category{.name = "gone"});
    CHECK_NOTHROW(fresh.commit());
}
