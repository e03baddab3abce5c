// `notes search`: the index (each dialect's full-text matcher) and the
// snippet that marks what it found read words the same way (orm/text), on
// every backend. Each case was once a difference between them.
#include <doctest/doctest.h>

#include <algorithm>

#include "harness.hpp"

using namespace cli;

namespace {

const std::string kMark = "\xCC\x81";               // U+0301 COMBINING ACUTE ACCENT (Mn)
const std::string kCircledA = "\xE2\x92\xB6";       // Ⓐ U+24B6, a symbol (So)
const std::string kCircledSmallA = "\xE2\x93\x90";  // ⓐ U+24D0, its case fold
const std::string kEnclosing = "\xE2\x83\x9D";      // U+20DD COMBINING ENCLOSING CIRCLE (Me)
const std::string kFullwidthSql = "\xEF\xBD\x93\xEF\xBD\x91\xEF\xBD\x8C";  // ｓｑｌ

// The texts that `search ARGS...` finds, sorted.
std::vector<std::string> found(const Env& env, std::vector<std::string> args) {
    args.insert(args.begin(), {"--json", "search", "--"});
    Result r = env.run(args);
    REQUIRE_MESSAGE(r.code == 0, r);
    auto t = texts(r.json());
    std::sort(t.begin(), t.end());
    return t;
}

// The pieces of the snippets that `search ARGS...` marks (painted with
// --color always), in order.
std::vector<std::string> marked(const Env& env, std::vector<std::string> args) {
    args.insert(args.begin(), {"--color", "always", "search", "--"});
    Result r = env.run(args);
    REQUIRE_MESSAGE(r.code == 0, r);
    const std::string open = "\x1b[1;31m", close = "\x1b[0m";
    std::vector<std::string> out;
    for (auto at = r.out.find(open); at != std::string::npos; at = r.out.find(open, at)) {
        at += open.size();
        const auto end = r.out.find(close, at);
        REQUIRE_MESSAGE(end != std::string::npos, r);
        out.push_back(r.out.substr(at, end - at));
    }
    return out;
}

using Texts = std::vector<std::string>;

}  // namespace

TEST_SUITE_BEGIN("search");

TEST_CASE_FIXTURE(Env,
                  "search: a term without letters or digits is found and marked byte for byte") {
    // The index matches such a term literally; the snippet used to fold it,
    // marking ⓐ for Ⓐ.
    const auto both = kCircledA + " and " + kCircledSmallA;
    add("t", both);
    add("t", kCircledSmallA + " alone");
    CHECK(found(*this, {kCircledA}) == Texts{both});
    CHECK(marked(*this, {kCircledA}) == Texts{kCircledA});
}

TEST_CASE_FIXTURE(Env, "search: a combining mark alone is a literal term on every backend") {
    // PostgreSQL took it for a word, which its index then dropped: nothing found.
    const auto decomposed = "cafe" + kMark + " noir";  // café, e + U+0301
    add("t", decomposed);
    add("t", "cafe noir");
    CHECK(found(*this, {kMark}) == Texts{decomposed});
    CHECK(marked(*this, {kMark}) == Texts{kMark});
    // As a word it still finds both spellings, the mark marked with its letter.
    CHECK(found(*this, {"caf\xC3\xA9"}) == Texts{"cafe noir", decomposed});
    CHECK(marked(*this, {"noir", "cafe"}).size() == 4);
}

TEST_CASE_FIXTURE(Env, "search: an enclosing mark belongs to the word it follows") {
    // The snippet split words at enclosing marks (Me); MariaDB's and
    // PostgreSQL's indexes, and the MySQL dialect's patterns, do not.
    const auto text = "a" + kEnclosing + "bc and more";
    add("t", text);
    CHECK(found(*this, {"a"}) == Texts{text});
    CHECK(marked(*this, {"a"}) == Texts{"a" + kEnclosing + "bc", "and"});
}

TEST_CASE_FIXTURE(Env, "search: the snippet folds compatibility forms as the indexes do") {
    // Fullwidth letters are their ASCII letters to MariaDB's collation and
    // PostgreSQL's fold (and to the MySQL dialect's patterns); the snippet
    // did not mark them.
    const auto text = "sql and " + kFullwidthSql;
    add("t", text);
    CHECK(found(*this, {"sql"}) == Texts{text});
    CHECK(marked(*this, {"sql"}) == Texts{"sql", kFullwidthSql});
    CHECK(marked(*this, {"and"}) == Texts{"and"});
}

TEST_CASE_FIXTURE(Env, "search: a query that is not UTF-8 is invalid on every backend") {
    // It used to depend on where the bad byte was ("\xFFsql" found nothing,
    // "sql\xFF" found "sql") and PostgreSQL failed with exit 3.
    add("t", "sql is here");
    for (const std::string query : {"\xFFsql", "sql\xFF", "\xFF", "caf\xC3"}) {
        CAPTURE(query);
        Result r = run({"--json", "search", "--", query});
        check_json_error(r, 2);
        CHECK_MESSAGE(r.err.find("search query") != std::string::npos, r);
        CHECK_MESSAGE(r.err.find("not valid UTF-8") != std::string::npos, r);
    }
}

TEST_SUITE_END();
