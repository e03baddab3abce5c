// `notes edit`, `notes rename`, `notes rm`, `notes drop`.
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.hpp"

using namespace cli;

namespace {
std::string id_of(const json& n) {
    return std::to_string(n.at("id").get<long long>());
}
}  // namespace

TEST_SUITE_BEGIN("edit-rename-rm-drop");

// ------------------------------------------------------------------ edit

TEST_CASE_FIXTURE(Env, "edit replaces the text and keeps id category and created_at") {
    json n = add("tech", "old text");
    Result r = run({"--json", "edit", id_of(n), "new", "text"});
    REQUIRE_OK(r);
    json e = r.json();
    check_note_object(e);
    CHECK(e["id"] == n["id"]);
    CHECK(e["text"] == "new text");
    CHECK(e["category"] == "tech");
    CHECK(e["created_at"] == n["created_at"]);
    CHECK(e["updated_at"].get<std::string>() >= n["updated_at"].get<std::string>());
    Result s = run({"--json", "show", id_of(n)});
    REQUIRE_OK(s);
    CHECK(s.json() == e);
}

TEST_CASE_FIXTURE(Env, "edit reads the text from stdin with - or from piped stdin") {
    json n = add("tech", "old");
    Result a = run({"--json", "edit", id_of(n), "-"}, "from dash\n");
    REQUIRE_OK(a);
    CHECK(a.json()["text"] == "from dash");
    Result b = run({"--json", "edit", id_of(n)}, "piped\nlines\n");
    REQUIRE_OK(b);
    CHECK(b.json()["text"] == "piped\nlines");
}

TEST_CASE_FIXTURE(Env, "edit -c moves a note to another existing category") {
    json n = add("tech", "movable");
    create("other");
    Result r = run({"--json", "edit", id_of(n), "-c", "other"});
    REQUIRE_OK(r);
    json e = r.json();
    check_note_object(e);
    CHECK(e["category"] == "other");
    CHECK(e["text"] == "movable");
    CHECK(e["created_at"] == n["created_at"]);
    CHECK(texts(notes_of("tech")).empty());
    CHECK(texts(notes_of("other")) == std::vector<std::string>{"movable"});
}

TEST_CASE_FIXTURE(Env, "edit text and -c together") {
    json n = add("tech", "before");
    create("other");
    Result r = run({"--json", "edit", id_of(n), "after", "-c", "other"});
    REQUIRE_OK(r);
    CHECK(r.json()["text"] == "after");
    CHECK(r.json()["category"] == "other");
}

TEST_CASE_FIXTURE(Env, "edit -c to a missing category is not_found and changes nothing") {
    create("tech");
    json n = add("tech", "stay");
    std::string before = snapshot();
    Result r = run({"--json", "edit", id_of(n), "-c", "nope"});
    check_json_error(r, 1);
    Result r2 = run({"--json", "edit", id_of(n), "changed", "-c", "nope"});
    check_json_error(r2, 1);
    CHECK(snapshot() == before);
    CHECK(names(categories()) == std::vector<std::string>{"tech"});  // not created
}

TEST_CASE_FIXTURE(Env, "edit a missing note is not_found") {
    json n = add("tech", "x");
    std::string before = snapshot();
    check_json_error(run({"--json", "edit", std::to_string(n["id"].get<long long>() + 99), "t"}),
                     1);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "edit validates id text and category") {
    json n = add("tech", "x");
    std::string before = snapshot();
    check_json_error(run({"--json", "edit", "abc", "t"}), 2);
    check_json_error(run({"--json", "edit", "0", "t"}), 2);
    check_json_error(run({"--json", "edit", "-1", "t"}), 2);
    check_json_error(run({"--json", "edit", id_of(n), ""}), 2);
    check_json_error(run({"--json", "edit", id_of(n), "   "}), 2);
    check_json_error(run({"--json", "edit", id_of(n), "-"}, "\n"), 2);
    check_json_error(run({"--json", "edit", id_of(n), "-"}, std::string("a\0b", 3)), 2);
    check_json_error(run({"--json", "edit", id_of(n), "bad \xff utf8"}), 2);
    check_json_error(run({"--json", "edit", id_of(n), "-c", " tech"}), 2);
    check_json_error(run({"--json", "edit", id_of(n), "-c", repeat("x", 65)}), 2);
    check_json_error(run({"--json", "edit"}), 2);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "edit on a terminal with no text opens VISUAL or EDITOR") {
    json n = add("tech", "original text");
    // The editor checks it was handed the current text, then replaces it.
    fs::path ed = write_file("editor.sh",
                             "#!/bin/sh\n"
                             "if grep -q 'original text' \"$1\"; then\n"
                             "  printf 'edited by editor\\n' > \"$1\"\n"
                             "else\n"
                             "  printf 'editor was not given the note\\n' > \"$1\"\n"
                             "fi\n");
    fs::path vis = write_file("visual.sh", "#!/bin/sh\nprintf 'edited by visual\\n' > \"$1\"\n");
    fs::permissions(ed, fs::perms::owner_all);
    fs::permissions(vis, fs::perms::owner_all);
    RunOptions o = options();
    o.stdin_tty = true;
    o.timeout = std::chrono::milliseconds(20'000);
    o.env.push_back({"EDITOR", ed.string()});
    Result r = run_opts({"--json", "edit", id_of(n)}, o);
    REQUIRE_OK(r);
    std::string t = r.json()["text"];
    CHECK_MESSAGE((t == "edited by editor" || t == "edited by editor\n"), t);

    o.env.push_back({"VISUAL", vis.string()});
    Result v = run_opts({"--json", "edit", id_of(n)}, o);
    REQUIRE_OK(v);
    std::string tv = v.json()["text"];
    CHECK_MESSAGE((tv == "edited by visual" || tv == "edited by visual\n"), tv);
}

// ------------------------------------------------------------------ rename

TEST_CASE_FIXTURE(Env, "rename prints the renamed category and moves its notes along") {
    json c = create("tech");
    json n = add("tech", "a note");
    add("tech", "another");
    Result r = run({"--json", "rename", "tech", "technology"});
    REQUIRE_OK(r);
    json rc = r.json();
    check_category_object(rc);
    CHECK(rc["id"] == c["id"]);
    CHECK(rc["name"] == "technology");
    CHECK(rc["notes"] == 2);
    CHECK(rc["created_at"] == c["created_at"]);
    CHECK(names(categories()) == std::vector<std::string>{"technology"});
    Result s = run({"--json", "show", id_of(n)});
    REQUIRE_OK(s);
    CHECK(s.json()["category"] == "technology");
    check_json_error(run({"--json", "list", "tech"}), 1);
}

TEST_CASE_FIXTURE(Env, "rename to an existing name is a conflict") {
    create("tech");
    add("misc", "m");
    std::string before = snapshot();
    check_json_error(run({"--json", "rename", "misc", "tech"}), 3);
    check_human_error(run({"rename", "misc", "tech"}), 3);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "rename to a name differing only in case or accents is allowed") {
    create("tech");
    create("misc");
    Result r = run({"--json", "rename", "misc", "TECH"});
    REQUIRE_OK(r);
    CHECK(r.json()["name"] == "TECH");
    create("cafe");
    Result r2 = run({"--json", "rename", "TECH", "caf\xc3\xa9"});
    REQUIRE_OK(r2);
    CHECK(names(categories()) == std::vector<std::string>{"cafe", "caf\xc3\xa9", "tech"});
}

TEST_CASE_FIXTURE(Env, "rename a missing category is not_found") {
    create("tech");
    Result r = run({"--json", "rename", "tecj", "x"});
    check_json_error(r, 1);
    CHECK(names(categories()) == std::vector<std::string>{"tech"});
}

TEST_CASE_FIXTURE(Env, "rename validates both names") {
    create("tech");
    std::string before = snapshot();
    check_json_error(run({"--json", "rename", "tech", ""}), 2);
    check_json_error(run({"--json", "rename", "tech", " lead"}), 2);
    check_json_error(run({"--json", "rename", "tech", "trail "}), 2);
    check_json_error(run({"--json", "rename", "tech", "a\x01z"}), 2);
    check_json_error(run({"--json", "rename", "tech", repeat("x", 65)}), 2);
    check_json_error(run({"--json", "rename", " tech", "x"}), 2);
    check_json_error(run({"--json", "rename", "tech"}), 2);
    CHECK(snapshot() == before);
    // 64 code points is fine.
    Result ok = run({"--json", "rename", "tech", repeat("\xc3\xa9", 64)});
    REQUIRE_OK(ok);
    CHECK(ok.json()["name"] == repeat("\xc3\xa9", 64));
}

// ------------------------------------------------------------------ rm

TEST_CASE_FIXTURE(Env, "rm deletes a note and prints the removed ids") {
    json a = add("tech", "a");
    json b = add("tech", "b");
    Result r = run({"--json", "rm", id_of(a)});
    REQUIRE_OK(r);
    CHECK(r.json() == json::array({a["id"]}));
    check_json_error(run({"--json", "show", id_of(a)}), 1);
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"b"});
    Result h = run({"rm", id_of(b)});
    REQUIRE_OK(h);
    CHECK(notes_of("tech") == json::array());
    CHECK(categories()[0]["notes"] == 0);  // the category stays
}

TEST_CASE_FIXTURE(Env, "rm several ids") {
    json a = add("tech", "a"), b = add("tech", "b"), c = add("tech", "c"), d = add("tech", "d");
    Result r = run({"--json", "rm", id_of(a), id_of(c), id_of(d)});
    REQUIRE_OK(r);
    json removed = r.json();
    REQUIRE(removed.is_array());
    auto got = removed.get<std::vector<long long>>();
    std::sort(got.begin(), got.end());
    std::vector<long long> want{a["id"], c["id"], d["id"]};
    std::sort(want.begin(), want.end());
    CHECK(got == want);
    CHECK(texts(notes_of("tech")) == std::vector<std::string>{"b"});
}

TEST_CASE_FIXTURE(Env, "rm with one missing id removes nothing") {
    json a = add("tech", "a"), b = add("tech", "b");
    std::string missing = std::to_string(b["id"].get<long long>() + 50);
    std::string before = snapshot();
    check_json_error(run({"--json", "rm", id_of(a), missing, id_of(b)}), 1);
    check_json_error(run({"--json", "rm", id_of(a), id_of(b), missing}), 1);
    check_human_error(run({"rm", missing, id_of(a)}), 1);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "rm validates every id before removing any") {
    json a = add("tech", "a");
    std::string before = snapshot();
    check_json_error(run({"--json", "rm", id_of(a), "abc"}), 2);
    check_json_error(run({"--json", "rm", id_of(a), "0"}), 2);
    check_json_error(run({"--json", "rm", id_of(a), "-5"}), 2);
    check_json_error(run({"--json", "rm", "1.0"}), 2);
    check_json_error(run({"--json", "rm"}), 2);
    CHECK(snapshot() == before);
}

// ------------------------------------------------------------------ drop

TEST_CASE_FIXTURE(Env, "drop an empty category prints its name") {
    create("empty");
    create("keep");
    Result r = run({"--json", "drop", "empty"});
    REQUIRE_OK(r);
    CHECK(r.json() == json::array({"empty"}));
    CHECK(names(categories()) == std::vector<std::string>{"keep"});
}

TEST_CASE_FIXTURE(Env, "drop a category with notes is refused without --force") {
    json n = add("full", "still here");
    std::string before = snapshot();
    check_json_error(run({"--json", "drop", "full"}), 3);
    check_human_error(run({"drop", "full"}), 3);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "drop --force deletes the category and its notes") {
    json n = add("full", "doomed");
    json k = add("keep", "kept");
    Result r = run({"--json", "drop", "--force", "full"});
    REQUIRE_OK(r);
    CHECK(r.json() == json::array({"full"}));
    check_json_error(run({"--json", "show", id_of(n)}), 1);
    check_json_error(run({"--json", "list", "full"}), 1);
    CHECK(names(categories()) == std::vector<std::string>{"keep"});
    Result s = run({"--json", "show", id_of(k)});
    REQUIRE_OK(s);
    CHECK(s.json() == k);
}

TEST_CASE_FIXTURE(Env, "drop several names is all or nothing") {
    create("a");
    create("b");
    add("full", "x");
    std::string before = snapshot();
    check_json_error(run({"--json", "drop", "a", "nope", "b"}), 1);
    CHECK(snapshot() == before);
    check_json_error(run({"--json", "drop", "a", "full", "b"}), 3);
    CHECK(snapshot() == before);
    check_json_error(run({"--json", "drop", "a", " bad", "b"}), 2);
    CHECK(snapshot() == before);
    Result ok = run({"--json", "drop", "a", "b"});
    REQUIRE_OK(ok);
    auto got = ok.json().get<std::vector<std::string>>();
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<std::string>{"a", "b"});
    CHECK(names(categories()) == std::vector<std::string>{"full"});
}

TEST_CASE_FIXTURE(Env, "drop a missing category is not_found with a hint") {
    create("tech");
    Result r = run({"--json", "drop", "tecj"});
    check_json_error(r, 1);
    if (r.code == 1 && !r.err.empty())
        CHECK(r.err_json()["error"].value("message", "").find("tech") != std::string::npos);
}

TEST_CASE_FIXTURE(Env, "drop --all without --yes is a conflict and keeps everything") {
    add("tech", "x");
    std::string before = snapshot();
    check_json_error(run({"--json", "drop", "--all"}), 3);
    check_human_error(run({"drop", "--all"}), 3);
    CHECK(snapshot() == before);
}

TEST_CASE_FIXTURE(Env, "drop --all --yes empties the database and it works again after") {
    add("tech", "x");
    add("misc", "y");
    Result r = run({"drop", "--all", "--yes"});
    REQUIRE_OK(r);
    // Every table is gone (notes_meta, search index and triggers included).
    // A server's test database may be shared with the other suites, whose
    // tables notes must leave alone: count the notebook's.
    const std::string notebook_tables =
        "(TABLE_NAME IN ('categories', 'notes', 'category_counts') OR TABLE_NAME LIKE 'notes!_%' "
        "ESCAPE '!')";
    Result t = backend() == Backend::sqlite
                   ? sql("SELECT count(*) FROM sqlite_master WHERE type IN "
                         "('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%';")
               : backend() == Backend::mysql ? sql("SELECT count(*) FROM information_schema.TABLES "
                                                   "WHERE TABLE_SCHEMA = DATABASE() AND " +
                                                   notebook_tables + ";")
                                             : sql("SELECT count(*) FROM information_schema.TABLES "
                                                   "WHERE TABLE_SCHEMA = current_schema() AND " +
                                                   notebook_tables + ";");
    CHECK(t.out == "0\n");
    CHECK(categories() == json::array());
    json n = add("fresh", "again");
    CHECK(n["text"] == "again");
    CHECK(names(categories()) == std::vector<std::string>{"fresh"});
    Result again = run({"--json", "drop", "--yes", "--all"});
    REQUIRE_OK(again);
}

TEST_CASE_FIXTURE(Env, "drop validates names") {
    create("tech");
    std::string before = snapshot();
    check_json_error(run({"--json", "drop", ""}), 2);
    check_json_error(run({"--json", "drop", "tech\n"}), 2);
    check_json_error(run({"--json", "drop", repeat("y", 65)}), 2);
    check_json_error(run({"--json", "drop"}), 2);
    CHECK(snapshot() == before);
}

TEST_SUITE_END();
