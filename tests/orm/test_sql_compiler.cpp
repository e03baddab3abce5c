// The SQL each dialect's compiler renders (orm/dialect/compiler.hpp), checked
// as text with no database at all: every statement kind the ORM runs, on the
// SQLite, MySQL and PostgreSQL dialects. (The server dialects are loaded from
// their modules; no connection is opened.) Runs the same on every backend.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "backend.hpp"
#include "orm/dialect/compiler.hpp"

using orm::c;
using test::Category;
using test::Note;

namespace {

const orm::SqlCompiler& sqlite() {
    return orm::dialect_for(orm::Url::parse("sqlite://")).compiler();
}
const orm::SqlCompiler& mysql() {
    return orm::dialect_for(orm::Url::parse("mysql://user@localhost/db")).compiler();
}
const orm::SqlCompiler& postgresql() {
    return orm::dialect_for(orm::Url::parse("postgresql://user@localhost/db")).compiler();
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// Every column of a table, qualified, as the dialect writes them.
std::string all_columns(const orm::SqlCompiler& sql, const orm::TableDef& table) {
    std::string out;
    for (const auto& column : table.columns()) {
        if (!out.empty()) out += ", ";
        out += sql.quote(table.name()) + "." + sql.quote(column.name);
    }
    return out;
}

struct Filtered {
    std::vector<orm::Expr> where{c(&Note::priority) >= 2,
                                 c(&Note::text).like("a%") || c(&Note::category_id).in({4, 5})};
    std::vector<orm::OrderBy> order{c(&Note::created_at).desc(), c(&Note::id).asc()};

    orm::Selection rows(std::optional<std::int64_t> limit = {},
                        std::optional<std::int64_t> offset = {}) const {
        return {&Note::table(), where, nullptr, order, limit, offset};
    }
};

const std::vector<orm::Value> kFilterValues{std::int64_t{2}, std::string("a%"), std::int64_t{4},
                                            std::int64_t{5}};

}  // namespace

TEST_SUITE_BEGIN("sql");

TEST_CASE("sql: quoting and placeholders per dialect") {
    CHECK(sqlite().quote("a\"b") == "\"a\"\"b\"");
    CHECK(mysql().quote("a`b") == "`a``b`");
    CHECK(postgresql().quote("a\"b") == "\"a\"\"b\"");
    CHECK(sqlite().placeholder(3) == "?");
    CHECK(mysql().placeholder(3) == "?");
    CHECK(postgresql().placeholder(3) == "$3");
}

TEST_CASE("sql: a SELECT with filters, order, LIMIT and OFFSET") {
    const Filtered q;
    const std::string where =
        " WHERE \"ormt_notes\".\"priority\" >= {1} AND (\"ormt_notes\".\"text\" LIKE {2} "
        "ESCAPE '!' OR \"ormt_notes\".\"category_id\" IN ({3}, {4})) ORDER BY "
        "\"ormt_notes\".\"created_at\" DESC, \"ormt_notes\".\"id\"";
    const auto numbered = [&](const std::string& p1, const std::string& p2, const std::string& p3,
                              const std::string& p4) {
        std::string out = where;
        for (const auto& [mark, p] : std::vector<std::pair<std::string, std::string>>{
                 {"{1}", p1}, {"{2}", p2}, {"{3}", p3}, {"{4}", p4}})
            out.replace(out.find(mark), mark.size(), p);
        return out;
    };

    SUBCASE("sqlite") {
        const auto sql = sqlite().select(q.rows(10, 20));
        CHECK(sql.text == "SELECT " + all_columns(sqlite(), Note::table()) +
                              " FROM \"ormt_notes\"" + numbered("?", "?", "?", "?") +
                              " LIMIT 10 OFFSET 20");
        CHECK(sql.params == kFilterValues);
        // OFFSET alone still needs a LIMIT on SQLite.
        CHECK(sqlite().select(q.rows({}, 5)).text.ends_with(" LIMIT 9223372036854775807 OFFSET 5"));
    }
    SUBCASE("mysql") {
        const auto sql = mysql().select(q.rows(10));
        std::string expected = "SELECT " + all_columns(mysql(), Note::table()) +
                               " FROM `ormt_notes`" + numbered("?", "?", "?", "?") + " LIMIT 10";
        for (auto& ch : expected)
            if (ch == '"') ch = '`';
        CHECK(sql.text == expected);
        CHECK(sql.params == kFilterValues);
        CHECK(mysql().select(q.rows({}, 5)).text.ends_with(" LIMIT 9223372036854775807 OFFSET 5"));
    }
    SUBCASE("postgresql") {
        const auto sql = postgresql().select(q.rows(10, 20));
        CHECK(sql.text == "SELECT " + all_columns(postgresql(), Note::table()) +
                              " FROM \"ormt_notes\"" + numbered("$1", "$2", "$3", "$4") +
                              " LIMIT 10 OFFSET 20");
        CHECK(sql.params == kFilterValues);
        // OFFSET needs no LIMIT on PostgreSQL.
        CHECK(postgresql().select(q.rows({}, 5)).text.ends_with("\"ormt_notes\".\"id\" OFFSET 5"));
    }
    SUBCASE("the parameter order a cached statement binds is the rendered one") {
        std::vector<orm::Value> bound;
        q.rows().each_parameter([&](const orm::Value& v) { bound.push_back(v); });
        CHECK(bound == kFilterValues);
    }
}

TEST_CASE("sql: NULL comparisons, empty IN lists and NOT render without parameters") {
    const std::vector<orm::Expr> where{c(&Note::title) == std::optional<std::string>{},
                                       !(c(&Note::id).in({})), c(&Note::title).is_not_null()};
    const orm::Selection rows{&Note::table(), where, nullptr, {}, {}, {}};
    const auto sql = postgresql().count(rows);
    CHECK(sql.text ==
          "SELECT COUNT(*) FROM \"ormt_notes\" WHERE \"ormt_notes\".\"title\" IS NULL AND NOT "
          "(1 = 0) AND \"ormt_notes\".\"title\" IS NOT NULL");
    CHECK(sql.params.empty());
}

TEST_CASE("sql: a full-text match is joined, filtered and ranked, its ? numbered in place") {
    const std::vector<orm::Expr> where{c(&Note::category_id) == 7};
    const std::vector<orm::OrderBy> order{c(&Note::id).desc()};
    orm::FulltextMatch match{" JOIN x ON x.id = \"ormt_notes\".\"id\"",
                             "x.doc @@ f(?) AND x.v <> '?'",
                             {std::string("word")},
                             "rank(x.doc, ?)",
                             {std::string("rank")}};
    const orm::Selection rows{&Note::table(), where, &match, order, 3, {}};
    const std::vector<orm::Value> values{std::int64_t{7}, std::string("word"), std::string("rank")};

    const auto pg = postgresql().select(rows);
    CHECK(pg.text == "SELECT " + all_columns(postgresql(), Note::table()) +
                         " FROM \"ormt_notes\" JOIN x ON x.id = \"ormt_notes\".\"id\" WHERE "
                         "\"ormt_notes\".\"category_id\" = $1 AND x.doc @@ f($2) AND x.v <> '?' "
                         "ORDER BY rank(x.doc, $3), \"ormt_notes\".\"id\" DESC LIMIT 3");
    CHECK(pg.params == values);
    const auto lite = sqlite().select(rows);
    CHECK(contains(lite.text,
                   "WHERE \"ormt_notes\".\"category_id\" = ? AND x.doc @@ f(?) "
                   "AND x.v <> '?' ORDER BY rank(x.doc, ?), \"ormt_notes\".\"id\" "
                   "DESC LIMIT 3"));
    CHECK(lite.params == values);
    // A count takes the match's condition, not its rank.
    const auto count = postgresql().count(rows);
    CHECK(count.text ==
          "SELECT COUNT(*) FROM \"ormt_notes\" JOIN x ON x.id = \"ormt_notes\".\"id\" WHERE "
          "\"ormt_notes\".\"category_id\" = $1 AND x.doc @@ f($2) AND x.v <> '?'");
    CHECK(count.params == std::vector<orm::Value>{std::int64_t{7}, std::string("word")});
}

TEST_CASE("sql: counts, grouped counts and a counter's counts") {
    const std::vector<orm::Expr> where{c(&Note::priority) > 1};
    const orm::Selection rows{&Note::table(), where, nullptr, {}, {}, {}};
    const auto category = Note::table().index_of(&Note::category_id);

    CHECK(mysql().count(rows).text ==
          "SELECT COUNT(*) FROM `ormt_notes` WHERE `ormt_notes`.`priority` > ?");
    const auto grouped = postgresql().count_by(rows, category);
    CHECK(grouped.text ==
          "SELECT \"ormt_notes\".\"category_id\", COUNT(*) FROM \"ormt_notes\" WHERE "
          "\"ormt_notes\".\"priority\" > $1 GROUP BY \"ormt_notes\".\"category_id\"");
    CHECK(grouped.params == std::vector<orm::Value>{std::int64_t{1}});
    const auto& column = Note::table().columns()[category];
    CHECK(sqlite().counted(column) ==
          "SELECT \"category_id\", \"notes\" FROM \"ormt_category_counts\" WHERE \"notes\" <> 0");
    CHECK(mysql().counted(column) ==
          "SELECT `category_id`, `notes` FROM `ormt_category_counts` WHERE `notes` <> 0");
    // A new count table counts the rows already there that reference a row.
    CHECK(mysql().count_existing(Note::table(), column) ==
          "INSERT INTO `ormt_category_counts` (`category_id`, `notes`) SELECT `category_id`, "
          "COUNT(*) FROM `ormt_notes` WHERE `category_id` IS NOT NULL AND `category_id` IN "
          "(SELECT `id` FROM `ormt_categories`) GROUP BY `category_id`");
    CHECK(postgresql().count_existing(Note::table(), column) ==
          "INSERT INTO \"ormt_category_counts\" (\"category_id\", \"notes\") SELECT "
          "\"category_id\", COUNT(*) FROM \"ormt_notes\" WHERE \"category_id\" IS NOT NULL AND "
          "\"category_id\" IN (SELECT \"id\" FROM \"ormt_categories\") GROUP BY \"category_id\"");
}

TEST_CASE("sql: bulk DELETE, UPDATE and INSERT … SELECT of the filtered rows") {
    const std::vector<orm::Expr> where{c(&Note::priority) == 1, c(&Note::title).like("x%")};
    const orm::Selection rows{&Note::table(), where, nullptr, {}, {}, {}};
    const std::vector<orm::Value> filter_values{std::int64_t{1}, std::string("x%")};

    const auto deleted = postgresql().delete_where(rows);
    CHECK(deleted.text ==
          "DELETE FROM \"ormt_notes\" WHERE \"ormt_notes\".\"priority\" = $1 AND "
          "\"ormt_notes\".\"title\" LIKE $2 ESCAPE '!'");
    CHECK(deleted.params == filter_values);
    CHECK(sqlite().delete_where(orm::Selection{&Note::table(), {}, nullptr, {}, {}, {}}).text ==
          "DELETE FROM \"ormt_notes\"");

    const std::vector<orm::ColumnValue> sets{
        {Note::table().index_of(&Note::title), std::string("t")},
        {Note::table().index_of(&Note::priority), std::int64_t{9}}};
    const auto updated = postgresql().update_where(rows, sets);
    CHECK(updated.text ==
          "UPDATE \"ormt_notes\" SET \"title\" = $1, \"priority\" = $2 WHERE "
          "\"ormt_notes\".\"priority\" = $3 AND \"ormt_notes\".\"title\" LIKE $4 ESCAPE '!'");
    CHECK(updated.params == std::vector<orm::Value>{std::string("t"), std::int64_t{9},
                                                    std::int64_t{1}, std::string("x%")});
    CHECK(mysql().update_where(rows, sets).text ==
          "UPDATE `ormt_notes` SET `title` = ?, `priority` = ? WHERE `ormt_notes`.`priority` = ? "
          "AND `ormt_notes`.`title` LIKE ? ESCAPE '!'");

    // Copies: the id and text from the source, the priority given.
    const auto& copies = test::NoteCopy::table();
    std::vector<orm::CopiedColumn> columns;
    for (std::size_t i = 0; i < copies.columns().size(); ++i) {
        const auto& name = copies.columns()[i].name;
        if (name == "priority")
            columns.push_back({i, orm::Value{std::int64_t{8}}});
        else if (Note::table().find(name))
            columns.push_back({i, std::nullopt});
    }
    REQUIRE(columns.size() >= 2);
    const auto copied = postgresql().insert_select(copies, columns, rows);
    CHECK(copied.text.starts_with("INSERT INTO \"ormt_note_copies\" ("));
    CHECK(contains(copied.text, "\"priority\""));
    CHECK(contains(copied.text, ") SELECT "));
    CHECK(contains(copied.text, "\"ormt_notes\".\"id\""));
    CHECK(contains(copied.text,
                   " FROM \"ormt_notes\" WHERE \"ormt_notes\".\"priority\" = $2 AND "
                   "\"ormt_notes\".\"title\" LIKE $3 ESCAPE '!'"));
    CHECK(contains(copied.text, "$1"));
    CHECK(copied.params ==
          std::vector<orm::Value>{std::int64_t{8}, std::int64_t{1}, std::string("x%")});
}

TEST_CASE("sql: one row by its key: SELECT, INSERT, UPDATE, DELETE and upsert") {
    const auto& table = Category::table();
    const std::vector<std::size_t> name_only{1};
    const std::vector<std::size_t> all{0, 1, 2};

    CHECK(sqlite().select_by(table, "id") ==
          "SELECT \"id\", \"name\", \"created_at\" FROM \"ormt_categories\" WHERE \"id\" = ?");
    CHECK(postgresql().select_by(table, "id") ==
          "SELECT \"id\", \"name\", \"created_at\" FROM \"ormt_categories\" WHERE \"id\" = $1");
    CHECK(mysql().insert(table, name_only) == "INSERT INTO `ormt_categories` (`name`) VALUES (?)");
    CHECK(postgresql().insert(table, all) ==
          "INSERT INTO \"ormt_categories\" (\"id\", \"name\", \"created_at\") VALUES ($1, $2, $3)");
    CHECK(sqlite().update_by(table, std::vector<std::size_t>{1, 2}, "id") ==
          "UPDATE \"ormt_categories\" SET \"name\" = ?, \"created_at\" = ? WHERE \"id\" = ?");
    CHECK(postgresql().update_by(table, name_only, "id") ==
          "UPDATE \"ormt_categories\" SET \"name\" = $1 WHERE \"id\" = $2");
    CHECK(mysql().delete_by(table, "id") == "DELETE FROM `ormt_categories` WHERE `id` = ?");
    CHECK(postgresql().delete_by(table, "id") ==
          "DELETE FROM \"ormt_categories\" WHERE \"id\" = $1");

    const std::vector<std::size_t> name_and_time{1, 2};
    CHECK(sqlite().upsert(table, name_and_time, "name") ==
          "INSERT INTO \"ormt_categories\" (\"name\", \"created_at\") VALUES (?, ?) ON CONFLICT "
          "(\"name\") DO UPDATE SET \"created_at\" = excluded.\"created_at\"");
    CHECK(postgresql().upsert(table, name_and_time, "name") ==
          "INSERT INTO \"ormt_categories\" (\"name\", \"created_at\") VALUES ($1, $2) ON CONFLICT "
          "(\"name\") DO UPDATE SET \"created_at\" = excluded.\"created_at\"");
    CHECK(mysql().upsert(table, name_and_time, "name") ==
          "INSERT INTO `ormt_categories` (`name`, `created_at`) VALUES (?, ?) ON DUPLICATE KEY "
          "UPDATE `created_at` = VALUES(`created_at`)");
}

TEST_CASE("sql: savepoints and their names") {
    for (const auto* sql : {&sqlite(), &mysql(), &postgresql()}) {
        const auto name = sql->savepoint_name(2);
        CHECK(name == "orm_sp2");
        CHECK(sql->savepoint(name) == "SAVEPOINT " + sql->quote(name));
        CHECK(sql->release_savepoint(name) == "RELEASE SAVEPOINT " + sql->quote(name));
        CHECK(sql->rollback_to_savepoint(name) == "ROLLBACK TO SAVEPOINT " + sql->quote(name));
    }
    CHECK(mysql().savepoint("orm_sp1") == "SAVEPOINT `orm_sp1`");
}

TEST_CASE("sql: CREATE TABLE and its indexes per dialect") {
    const auto& notes = Note::table();
    SUBCASE("sqlite") {
        CHECK(sqlite().create_table(Category::table()) ==
              "CREATE TABLE IF NOT EXISTS \"ormt_categories\" (\"id\" INTEGER PRIMARY KEY "
              "AUTOINCREMENT, \"name\" VARCHAR(64) NOT NULL UNIQUE, \"created_at\" DATETIME NOT "
              "NULL DEFAULT CURRENT_TIMESTAMP)");
        const auto sql = sqlite().create_table(notes);
        CHECK(contains(sql,
                       "\"category_id\" INTEGER NOT NULL REFERENCES \"ormt_categories\" "
                       "(\"id\") ON DELETE CASCADE"));
        CHECK(contains(sql, "\"priority\" INTEGER NOT NULL DEFAULT 3"));
        const auto indexes = sqlite().create_indexes(notes);
        REQUIRE(indexes.size() == 2);
        CHECK(indexes[0].name == "ix_ormt_notes_category_id");
        CHECK(indexes[0].sql ==
              "CREATE INDEX IF NOT EXISTS \"ix_ormt_notes_category_id\" ON "
              "\"ormt_notes\" (\"category_id\")");
        CHECK(indexes[1].sql ==
              "CREATE INDEX IF NOT EXISTS \"ix_ormt_notes_cat_created\" ON \"ormt_notes\" "
              "(\"category_id\", \"created_at\" DESC)");
        CHECK(sqlite().drop_table(notes) == "DROP TABLE IF EXISTS \"ormt_notes\"");
    }
    SUBCASE("mysql") {
        const auto sql = mysql().create_table(Category::table());
        CHECK(sql ==
              "CREATE TABLE IF NOT EXISTS `ormt_categories` (`id` BIGINT NOT NULL AUTO_INCREMENT "
              "PRIMARY KEY, `name` VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL "
              "UNIQUE, `created_at` DATETIME NOT NULL DEFAULT (UTC_TIMESTAMP())) ENGINE=InnoDB "
              "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        // Foreign keys as table constraints.
        CHECK(contains(mysql().create_table(notes),
                       ", FOREIGN KEY (`category_id`) REFERENCES `ormt_categories` (`id`) ON "
                       "DELETE CASCADE) ENGINE=InnoDB"));
        const auto indexes = mysql().create_indexes(notes);
        REQUIRE(indexes.size() == 2);
        CHECK(indexes[1].sql ==
              "CREATE INDEX `ix_ormt_notes_cat_created` ON `ormt_notes` "
              "(`category_id`, `created_at` DESC)");
    }
    SUBCASE("postgresql") {
        CHECK(postgresql().create_table(Category::table()) ==
              "CREATE TABLE IF NOT EXISTS \"ormt_categories\" (\"id\" BIGINT GENERATED BY DEFAULT "
              "AS IDENTITY PRIMARY KEY, \"name\" VARCHAR(64) COLLATE \"C\" NOT NULL UNIQUE, "
              "\"created_at\" TIMESTAMP NOT NULL DEFAULT (date_trunc('second', now() AT TIME "
              "ZONE 'UTC')))");
        const auto indexes = postgresql().create_indexes(notes);
        REQUIRE(indexes.size() == 2);
        CHECK(indexes[0].sql.starts_with("CREATE INDEX IF NOT EXISTS "));
        const std::vector<const orm::ColumnDef*> missing{notes.find("title")};
        CHECK(postgresql().add_columns(notes, missing) ==
              "ALTER TABLE \"ormt_notes\" ADD COLUMN IF NOT EXISTS \"title\" VARCHAR(64) COLLATE "
              "\"C\"");
    }
}

TEST_CASE("sql: the MySQL dialect writes nothing that only MariaDB accepts") {
    // MySQL 8 refuses CREATE INDEX IF NOT EXISTS and ADD COLUMN IF NOT EXISTS:
    // the schema of every test model, and the columns added to adopt a table
    // made by another program, are written without them.
    const auto& sql = mysql();
    std::size_t indexes = 0;
    for (const auto* table : test::all_tables().sorted_tables()) {
        CAPTURE(table->name());
        CHECK_FALSE(contains(sql.create_table(*table), "INDEX IF"));
        for (const auto& index : sql.create_indexes(*table)) {
            CAPTURE(index.sql);
            CHECK(index.sql.starts_with("CREATE "));
            CHECK_FALSE(contains(index.sql, "IF NOT EXISTS"));
            ++indexes;
        }
        std::vector<const orm::ColumnDef*> missing;
        for (const auto& column : table->columns())
            if (!column.primary_key) missing.push_back(&column);
        if (missing.empty()) continue;
        const auto alter = sql.add_columns(*table, missing);
        CAPTURE(alter);
        CHECK(alter.starts_with("ALTER TABLE " + sql.quote(table->name()) + " ADD COLUMN "));
        CHECK_FALSE(contains(alter, "IF NOT EXISTS"));
    }
    CHECK(indexes >= 3);  // the models do declare indexes
    // A new column's foreign key comes with it.
    const std::vector<const orm::ColumnDef*> category{Note::table().find("category_id")};
    CHECK(sql.add_columns(Note::table(), category) ==
          "ALTER TABLE `ormt_notes` ADD COLUMN `category_id` BIGINT NOT NULL, ADD FOREIGN KEY "
          "(`category_id`) REFERENCES `ormt_categories` (`id`) ON DELETE CASCADE");
}

TEST_SUITE_END();
