// `notes history` and `notes undo`: every row of the contract's undo table,
// conflicts with changes made since (plain SQL and other notes commands),
// the per-user order, all-or-nothing, and what is not a step.
#include <doctest/doctest.h>

#include <set>

#include "harness.hpp"

using namespace cli;

namespace {

std::string id_of(const json& n) {
    return std::to_string(n.at("id").get<long long>());
}

const EnvVars ana{{"USER", "ana"}};
const EnvVars bob{{"USER", "bob"}};

json history(const Env& env) {
    Result r = env.run({"--json", "history"});
    REQUIRE_OK(r);
    return r.json();
}

Result undo(const Env& env, const EnvVars& user = ana) {
    return env.run({"--json", "undo"}, {}, user);
}

json undone_step(const Env& env, const EnvVars& user = ana) {
    Result r = undo(env, user);
    REQUIRE_OK(r);
    json s = r.json();
    CHECK(s.at("undone") == true);
    return s;
}

json add_as(const Env& env, const EnvVars& user, const std::string& category,
            const std::string& text) {
    Result r = env.run({"--json", "add", text, "-c", category}, {}, user);
    REQUIRE_OK(r);
    return r.json();
}

void run_as(const Env& env, const EnvVars& user, std::vector<std::string> args) {
    Result r = env.run(std::move(args), {}, user);
    REQUIRE_OK(r);
}

// A refused undo: exit 3 naming `what`, and nothing changed.
void check_refused(const Env& env, const std::string& what, const EnvVars& user = ana) {
    const std::string before = env.snapshot();
    const json steps = history(env);
    Result r = undo(env, user);
    check_json_error(r, 3);
    CHECK_MESSAGE(
        r.err_json()["error"]["message"].get<std::string>().find(what) != std::string::npos,
        r.describe());
    CHECK(env.snapshot() == before);
    CHECK(history(env) == steps);
}

}  // namespace

TEST_SUITE_BEGIN("undo");

TEST_CASE_FIXTURE(Env, "undo with nothing to undo is exit 1, reads and failures add no step") {
    Result r = undo(*this);
    check_json_error(r, 1);
    CHECK(r.err_json()["error"]["code"] == "not_found");
    REQUIRE_OK(run({"init"}));
    REQUIRE_OK(run({"list"}));
    CHECK(run({"create", "bad\tname"}).code == 2);
    run_as(*this, ana, {"create", "tech"});
    CHECK(run({"create", "tech"}, {}, ana).code == 3);  // failed: no step
    CHECK(run({"rm", "999"}, {}, ana).code == 1);
    REQUIRE_OK(run({"export"}));
    REQUIRE_OK(run({"search", "x"}));
    REQUIRE_OK(run({"history"}));
    json h = history(*this);
    REQUIRE(h.size() == 1);
    CHECK(h[0]["command"] == "create");
    undone_step(*this);
    // Undo is not a step, and an undone step is not undone again.
    CHECK(history(*this).size() == 1);
    check_json_error(undo(*this), 1);
}

TEST_CASE_FIXTURE(Env, "history --json: exactly the contract's keys, newest first, undone marked") {
    run_as(*this, ana, {"create", "tech"});
    add_as(*this, bob, "tech", "hello");
    json h = history(*this);
    REQUIRE(h.size() == 2);
    const std::set<std::string> keys{"id", "command", "user", "at", "summary", "undone"};
    for (const auto& s : h) {
        std::set<std::string> got;
        for (const auto& [k, v] : s.items())
            got.insert(k);
        CHECK(got == keys);
        CHECK(s["id"].is_number_integer());
        CHECK(s["summary"].is_string());
        CHECK(is_rfc3339_utc(s["at"]));
        CHECK(s["undone"] == false);
    }
    CHECK(h[0]["command"] == "add");
    CHECK(h[0]["user"] == "bob");
    CHECK(h[1]["command"] == "create");
    CHECK(h[1]["user"] == "ana");
    CHECK(h[0]["id"].get<long long>() > h[1]["id"].get<long long>());

    json u = undone_step(*this, bob);
    CHECK(u["id"] == h[0]["id"]);
    CHECK(u["command"] == "add");
    json after = history(*this);
    CHECK(after[0]["undone"] == true);
    CHECK(after[1]["undone"] == false);

    Result limited = run({"--json", "history", "--limit", "1"});
    REQUIRE_OK(limited);
    CHECK(limited.json().size() == 1);
    CHECK(run({"history", "--limit", "0"}).code == 2);
    Result human = run({"history"});
    REQUIRE_OK(human);
    CHECK(human.out.find("create") != std::string::npos);
    CHECK(human.out.find("ana") != std::string::npos);
    CHECK(human.out.find("undone") != std::string::npos);
}

TEST_CASE_FIXTURE(Env, "undo create drops the category, refused when it has notes now") {
    run_as(*this, ana, {"create", "tech"});
    json s = undone_step(*this);
    CHECK(s["command"] == "create");
    CHECK(categories() == json::array());

    run_as(*this, ana, {"create", "tech"});
    add_as(*this, bob, "tech", "bob's note");
    check_refused(*this, "tech");
}

TEST_CASE_FIXTURE(Env, "undo add deletes the note and the category it created when empty") {
    json n = add_as(*this, ana, "tech", "first");
    undone_step(*this);
    CHECK(run({"show", id_of(n)}).code == 1);
    CHECK(categories() == json::array());  // created by that add, empty now

    // A category that existed before the add stays.
    run_as(*this, ana, {"create", "kept"});
    json m = add_as(*this, ana, "kept", "second");
    undone_step(*this);
    CHECK(run({"show", id_of(m)}).code == 1);
    CHECK(names(categories()) == std::vector<std::string>{"kept"});

    // A category created by the add that has other notes now stays too.
    json p = add_as(*this, ana, "shared", "ana's");
    json q = add_as(*this, bob, "shared", "bob's");
    undone_step(*this);
    CHECK(run({"show", id_of(p)}).code == 1);
    CHECK(texts(notes_of("shared")) == std::vector<std::string>{"bob's"});
}

TEST_CASE_FIXTURE(Env, "undo edit restores text, category and updated_at") {
    json n = add("tech", "original");
    create("other");
    // An old updated_at, so that the edit surely changes it.
    sql("UPDATE notes SET updated_at = '2020-01-02 03:04:05' WHERE id = " + id_of(n) + ";");
    Result before = run({"--json", "show", id_of(n)});
    REQUIRE_OK(before);
    CHECK(before.json()["updated_at"] == "2020-01-02T03:04:05Z");
    Result e = run({"--json", "edit", id_of(n), "changed", "-c", "other"}, {}, ana);
    REQUIRE_OK(e);
    CHECK(e.json()["updated_at"] != "2020-01-02T03:04:05Z");
    json s = undone_step(*this);
    CHECK(s["command"] == "edit");
    Result after = run({"--json", "show", id_of(n)});
    REQUIRE_OK(after);
    CHECK(after.json() == before.json());
}

TEST_CASE_FIXTURE(Env, "undo of two edits, one at a time, in reverse order") {
    json n = add_as(*this, ana, "tech", "v1");
    run_as(*this, ana, {"edit", id_of(n), "v2"});
    run_as(*this, ana, {"edit", id_of(n), "v3"});
    undone_step(*this);
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"v2"});
    undone_step(*this);
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"v1"});
    undone_step(*this);
    CHECK(categories() == json::array());
    check_json_error(undo(*this), 1);
}

TEST_CASE_FIXTURE(Env, "undo rename renames back, refused when OLD exists again") {
    create("old");
    add("old", "a note");
    json before = categories();
    run_as(*this, ana, {"rename", "old", "new"});
    undone_step(*this);
    CHECK(categories() == before);

    run_as(*this, ana, {"rename", "old", "new"});
    run_as(*this, bob, {"create", "old"});
    check_refused(*this, "old");
}

TEST_CASE_FIXTURE(Env, "undo rm restores the notes with ids, text, category and both times") {
    json a = add("tech", "one");
    json b = add("misc", "two\nlines");
    json c = add("tech", "three");
    sql("UPDATE notes SET created_at = '2019-05-06 07:08:09', updated_at = '2021-01-01 00:00:00' "
        "WHERE id = " +
        id_of(b) + ";");
    const std::string before = snapshot();
    run_as(*this, ana, {"rm", id_of(a), id_of(b)});
    json s = undone_step(*this);
    CHECK(s["command"] == "rm");
    CHECK(snapshot() == before);
    Result shown = run({"--json", "show", id_of(b)});
    REQUIRE_OK(shown);
    CHECK(shown.json()["created_at"] == "2019-05-06T07:08:09Z");
    // Ids are never given out again: a new note gets a new one.
    json d = add("tech", "four");
    CHECK(d["id"].get<long long>() > c["id"].get<long long>());
}

TEST_CASE_FIXTURE(Env, "undo drop restores categories with ids and times, --force their notes") {
    create("empty");
    add("full", "n1");
    add("full", "n2");
    add("other", "stays");
    const std::string before = snapshot();
    run_as(*this, ana, {"drop", "empty"});
    run_as(*this, ana, {"drop", "full", "--force"});
    CHECK(names(categories()) == std::vector<std::string>{"other"});
    json s = undone_step(*this);
    CHECK(s["command"] == "drop");
    undone_step(*this);
    CHECK(snapshot() == before);  // ids, names, times, notes

    // A name taken again since refuses.
    run_as(*this, ana, {"drop", "full", "--force"});
    run_as(*this, bob, {"create", "full"});
    check_refused(*this, "full");
}

TEST_CASE_FIXTURE(Env, "undo import deletes the notes and the categories it created if empty") {
    create("existing");
    json kept = add("existing", "kept");
    std::string input;
    for (int i = 0; i < 30; ++i) {
        json line{{"category", i % 3 == 0 ? "existing" : (i % 3 == 1 ? "new1" : "new2")},
                  {"text", "imported " + std::to_string(i)},
                  {"created_at", "2021-03-04T05:06:07Z"},
                  {"updated_at", "2021-03-04T05:06:07Z"}};
        input += line.dump() + "\n";
    }
    Result imp = run({"import", "-"}, input, ana);
    REQUIRE_OK(imp);
    // Another user's note in new2 keeps that category.
    add_as(*this, bob, "new2", "bob's");
    json s = undone_step(*this);
    CHECK(s["command"] == "import");
    CHECK(names(categories()) == std::vector<std::string>{"existing", "new2"});
    CHECK(texts(notes_of("existing")) == std::vector<std::string>{"kept"});
    CHECK(texts(notes_of("new2")) == std::vector<std::string>{"bob's"});
    // new2 was not created by bob's add: it stays, empty.
    undone_step(*this, bob);
    CHECK(names(categories()) == std::vector<std::string>{"existing", "new2"});
    CHECK(texts(notes_of("new2")).empty());
    CHECK(run({"export"}).json_lines() == std::vector<json>{kept});
}

TEST_CASE_FIXTURE(Env, "undo is refused when plain SQL changed or deleted a row the step wrote") {
    SUBCASE("changed text") {
        json n = add_as(*this, ana, "tech", "mine");
        sql("UPDATE notes SET text = 'theirs' WHERE id = " + id_of(n) + ";");
        check_refused(*this, "note " + id_of(n));
    }
    SUBCASE("deleted note") {
        add_as(*this, ana, "tech", "keep me");
        json n = add_as(*this, ana, "tech", "mine");
        sql("DELETE FROM notes WHERE id = " + id_of(n) + ";");
        check_refused(*this, "note " + id_of(n));
    }
    SUBCASE("renamed category of a create") {
        run_as(*this, ana, {"create", "tech"});
        sql("UPDATE categories SET name = 'renamed' WHERE name = 'tech';");
        check_refused(*this, "renamed");
    }
    SUBCASE("imported note changed") {
        std::string input;
        for (int i = 0; i < 5; ++i)
            input += json{{"category", "imp"}, {"text", "t" + std::to_string(i)}}.dump() + "\n";
        REQUIRE_OK(run({"import", "-"}, input, ana));
        json notes = notes_of("imp");
        const std::string victim = id_of(notes[2]);
        sql("UPDATE notes SET text = 'changed' WHERE id = " + victim + ";");
        check_refused(*this, "note " + victim);
    }
    SUBCASE("removed note's id taken again") {
        json a = add("tech", "a");
        json b = add("tech", "b");
        run_as(*this, ana, {"rm", id_of(a), id_of(b)});
        sql("INSERT INTO notes (id, text, category_id) SELECT " + id_of(b) +
            ", 'squatter', id FROM categories WHERE name = 'tech';");
        // All or nothing: note a does not come back either.
        check_refused(*this, "note " + id_of(b));
        CHECK(run({"show", id_of(a)}).code == 1);
    }
}

TEST_CASE_FIXTURE(Env, "undo is refused when another notes command changed the row since") {
    json n = add_as(*this, ana, "tech", "mine");
    run_as(*this, bob, {"edit", id_of(n), "bob was here"});
    check_refused(*this, "note " + id_of(n));
    // Once bob undoes his edit, the note is as ana's add left it again.
    undone_step(*this, bob);
    undone_step(*this, ana);
    CHECK(run({"show", id_of(n)}).code == 1);
}

TEST_CASE_FIXTURE(Env, "undo follows each user's own order") {
    json a1 = add_as(*this, ana, "tech", "ana 1");
    json b1 = add_as(*this, bob, "tech", "bob 1");
    json a2 = add_as(*this, ana, "tech", "ana 2");
    json s = undone_step(*this, bob);
    CHECK(s["user"] == "bob");
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"ana 2", "ana 1"});
    undone_step(*this, ana);
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"ana 1"});
    check_json_error(undo(*this, bob), 1);
    undone_step(*this, ana);
    CHECK(categories() == json::array());
    json h = history(*this);
    REQUIRE(h.size() == 3);
    for (const auto& step : h)
        CHECK(step["undone"] == true);
}

TEST_CASE_FIXTURE(Env, "the user is $USER, else the name of the process's uid") {
    Result r = run({"create", "x"}, {}, {{"USER", std::nullopt}});
    REQUIRE_OK(r);
    json h = history(*this);
    REQUIRE(h.size() == 1);
    CHECK(!h[0]["user"].get<std::string>().empty());
    CHECK(h[0]["user"] != "ana");
}

TEST_CASE_FIXTURE(Env, "drop --all drops the history too") {
    run_as(*this, ana, {"create", "tech"});
    REQUIRE_OK(run({"drop", "--all", "--yes"}));
    schema_changed();
    CHECK(history(*this) == json::array());
    check_json_error(undo(*this), 1);
}

TEST_CASE_FIXTURE(Env, "history keeps the 100 most recent steps") {
    for (int i = 0; i < 103; ++i)
        run_as(*this, ana, {"create", "c" + std::to_string(i)});
    json h = history(*this);
    REQUIRE(h.size() == 100);
    CHECK(h.front()["summary"].get<std::string>().find("c102") != std::string::npos);
    CHECK(h.back()["summary"].get<std::string>().find("'c3'") != std::string::npos);
    // The 100 kept can all be undone; then there is nothing left.
    for (int i = 0; i < 100; ++i)
        REQUIRE_OK(undo(*this));
    CHECK(names(categories()) == std::vector<std::string>{"c0", "c1", "c2"});
    check_json_error(undo(*this), 1);
}

TEST_CASE_FIXTURE(Env, "undo without --json says what it undid; --help works") {
    run_as(*this, ana, {"create", "tech"});
    Result r = run({"undo"}, {}, ana);
    REQUIRE_OK(r);
    CHECK(r.out.find("create") != std::string::npos);
    REQUIRE_OK(run_nodb({"undo", "--help"}));
    REQUIRE_OK(run_nodb({"history", "--help"}));
}

TEST_CASE_FIXTURE(Env, "undo is all or nothing: one category that cannot come back keeps all out") {
    add("a", "in a");
    add("b", "in b");
    run_as(*this, ana, {"drop", "a", "b", "--force"});
    run_as(*this, bob, {"create", "b"});
    check_refused(*this, "'b'");
    CHECK(names(categories()) == std::vector<std::string>{"b"});
    CHECK(run({"export"}).out.empty());
    // Once bob's category is gone again, both come back with their notes.
    undone_step(*this, bob);
    undone_step(*this, ana);
    CHECK(names(categories()) == std::vector<std::string>{"a", "b"});
    CHECK(texts(notes_of("b")) == std::vector<std::string>{"in b"});
}
