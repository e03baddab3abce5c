// `notes list` shows note counts that the database keeps (category_counts,
// by triggers): right after every command that adds, moves or deletes notes,
// and after other programs change notes with plain SQL.
#include <doctest/doctest.h>

#include <map>

#include "harness.hpp"

using namespace cli;

namespace {

using Counts = std::map<std::string, long long>;

Counts listed(const Env& env) {
    Counts out;
    for (const auto& c : env.categories())
        out[c["name"].get<std::string>()] = c["notes"].get<long long>();
    return out;
}

// The same counted from the notes themselves.
Counts counted(const Env& env) {
    Result r = env.sql(
        "SELECT categories.name, COUNT(notes.id) FROM categories LEFT JOIN notes ON "
        "notes.category_id = categories.id GROUP BY categories.id, categories.name;");
    Counts out;
    std::size_t pos = 0;
    while (pos < r.out.size()) {
        const auto end = r.out.find('\n', pos);
        const auto line = r.out.substr(pos, end - pos);
        const auto tab = line.find('\t');
        if (tab != std::string::npos) out[line.substr(0, tab)] = std::stoll(line.substr(tab + 1));
        pos = end == std::string::npos ? r.out.size() : end + 1;
    }
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("counts");

TEST_CASE_FIXTURE(Env, "list counts right after add, rm, edit -c, drop --force and import") {
    const auto a = add("a", "one")["id"].get<long long>();
    add("a", "two");
    add("b", "three");
    REQUIRE_OK(run({"create", "empty"}));
    CHECK(listed(*this) == Counts{{"a", 2}, {"b", 1}, {"empty", 0}});

    REQUIRE_OK(run({"edit", std::to_string(a), "-c", "b"}));
    CHECK(listed(*this) == Counts{{"a", 1}, {"b", 2}, {"empty", 0}});
    // Editing the text alone moves nothing.
    REQUIRE_OK(run({"edit", std::to_string(a), "new text"}));
    CHECK(listed(*this) == Counts{{"a", 1}, {"b", 2}, {"empty", 0}});

    REQUIRE_OK(run({"rm", std::to_string(a)}));
    CHECK(listed(*this) == Counts{{"a", 1}, {"b", 1}, {"empty", 0}});

    const auto file = write_file("in.jsonl",
                                 "{\"category\":\"a\",\"text\":\"x\"}\n"
                                 "{\"category\":\"new\",\"text\":\"y\"}\n"
                                 "{\"category\":\"new\",\"text\":\"z\"}\n");
    REQUIRE_OK(run({"import", file.string()}));
    CHECK(listed(*this) == Counts{{"a", 2}, {"b", 1}, {"empty", 0}, {"new", 2}});

    REQUIRE_OK(run({"drop", "--force", "a", "new"}));
    CHECK(listed(*this) == Counts{{"b", 1}, {"empty", 0}});
    // A category made again under a dropped name starts from nothing.
    add("a", "again");
    CHECK(listed(*this) == Counts{{"a", 1}, {"b", 1}, {"empty", 0}});
    CHECK(listed(*this) == counted(*this));
    // A failed import (a bad line) counts nothing.
    const auto bad = write_file("bad.jsonl",
                                "{\"category\":\"b\",\"text\":\"fine\"}\n"
                                "{\"category\":\"b\"}\n");
    CHECK_EXIT(run({"import", bad.string()}), 2);
    CHECK(listed(*this) == Counts{{"a", 1}, {"b", 1}, {"empty", 0}});
}

TEST_CASE_FIXTURE(Env, "list counts notes that other programs insert, move and delete with SQL") {
    add("a", "one");
    add("b", "two");
    REQUIRE_OK(run({"create", "c"}));
    // Plain SQL, as another program would write it (the backend's own client).
    sql("INSERT INTO notes (text, category_id) SELECT 'raw', id FROM categories WHERE name = 'c';"
        "INSERT INTO notes (text, category_id) SELECT 'raw 2', id FROM categories WHERE name = "
        "'c';");
    CHECK(listed(*this) == Counts{{"a", 1}, {"b", 1}, {"c", 2}});
    sql("UPDATE notes SET category_id = (SELECT id FROM categories WHERE name = 'a') WHERE "
        "text = 'raw';");
    CHECK(listed(*this) == Counts{{"a", 2}, {"b", 1}, {"c", 1}});
    sql("DELETE FROM notes WHERE category_id = (SELECT id FROM categories WHERE name = 'b');");
    CHECK(listed(*this) == Counts{{"a", 2}, {"b", 0}, {"c", 1}});
    sql("UPDATE notes SET text = 'renamed';");
    CHECK(listed(*this) == Counts{{"a", 2}, {"b", 0}, {"c", 1}});
    CHECK(listed(*this) == counted(*this));
    // A category deleted by another program takes its notes' count along
    // (the schema's ON DELETE CASCADE, whoever deletes).
    sql(caps().foreign_keys_optional
            ? "PRAGMA foreign_keys = ON; DELETE FROM categories WHERE name = 'a';"
            : "DELETE FROM categories WHERE name = 'a';");
    CHECK(listed(*this) == Counts{{"b", 0}, {"c", 1}});
    CHECK(listed(*this) == counted(*this));
}
