// MariaDB / MySQL specifics of the ORM (lib/orm/src/dialect/mysql): what the
// shared suite cannot say without naming the backend. Each test skips itself
// on SQLite.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "backend.hpp"

using orm::c;
using orm::SearchTerm;
using test::Category;
using test::Note;
using test::Sample;
using test::Strict;

namespace {

// The test server's URL with other parts: a password, a port.
orm::Url test_url() {
    return orm::Url::parse(*support::server_url());
}

std::string session_id(orm::Connection& connection) {
    return test::scalar_text(connection, "SELECT CONNECTION_ID()");
}

void kill(const std::string& id) {
    auto killer = orm::create_engine(*support::server_url());
    killer->connection().execute_script("KILL " + id);
}

// A string of about `bytes` bytes of UTF-8 (emoji, CJK, accents, ASCII, a
// newline, a tab), cut at a code point boundary.
std::string mixed_text(std::size_t bytes) {
    const std::string piece =
        "\xF0\x9F\x98\x80 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E caf\xC3\xA9 "
        "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB text\t\\n ' \" ` % _ !\n";
    std::string out;
    while (out.size() + piece.size() <= bytes)
        out += piece;
    while (out.size() < bytes)
        out += 'x';
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("mysql");

TEST_CASE("mysql: emoji, CJK and 1 MiB of text round-trip byte for byte") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "utf8mb4 and MEDIUMTEXT");
    test::Db db;
    const std::string emoji =
        "\xF0\x9F\x98\x80\xF0\x9F\x8E\x89 \xF0\x9F\x91\xA9\xE2\x80\x8D"
        "\xF0\x9F\x92\xBB";  // 😀🎉 👩‍💻
    const std::string cjk = "\xE4\xB8\xAD\xE6\x96\x87 \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4";
    const std::string mib = mixed_text(1024 * 1024);
    REQUIRE(mib.size() == 1024 * 1024);

    auto cat = db.session.add(Category{.name = emoji});
    db.session.flush();
    std::vector<std::int64_t> ids;
    for (const auto& text : {emoji, cjk, mib, mib + "\xF0\x9F\x98\x80"}) {
        auto note = db.session.add(Note{.text = text, .category_id = cat->id, .title = cjk});
        db.session.flush();
        ids.push_back(note->id);
    }
    db.session.add(
        Sample{.body = mib, .code = "\xE4\xB8\xAD\xF0\x9F\x98\x80", .at = orm::Timestamp::now()});
    db.session.commit();
    db.session.expunge_all();

    const std::vector<std::string> expected = {emoji, cjk, mib, mib + "\xF0\x9F\x98\x80"};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CAPTURE(i);
        auto note = db.session.get<Note>(ids[i]);
        REQUIRE(note);
        CHECK(note->text.size() == expected[i].size());
        CHECK(note->text == expected[i]);
        CHECK(note->title == cjk);
    }
    CHECK(db.session.query<Category>().one()->name == emoji);
    auto sample = db.session.query<Sample>().one();
    CHECK(sample->body == mib);
    CHECK(sample->code == "\xE4\xB8\xAD\xF0\x9F\x98\x80");

    // The server stores what was sent: bytes and characters.
    CHECK(test::scalar(db.conn(), "SELECT LENGTH(`text`) FROM `ormt_notes` WHERE `id` = ?",
                       {ids[2]}) == 1024 * 1024);
    CHECK(test::scalar(db.conn(), "SELECT CHAR_LENGTH(`text`) FROM `ormt_notes` WHERE `id` = ?",
                       {ids[0]}) == 6);

    // One statement reading long and short values in turn: buffers grow and
    // the short values that follow are not polluted by the long ones.
    auto all = db.conn().prepare("SELECT `text` FROM `ormt_notes` ORDER BY `id`");
    std::vector<std::string> read;
    while (all->step())
        read.emplace_back(all->get_text(0));
    CHECK(read == expected);
}

TEST_CASE("mysql: a wrong password is an OperationalError without the password") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "server authentication");
    auto url = test_url();
    url.password = "Pa55-w0rd-never-shown";
    orm::Engine engine(url, {});
    try {
        engine.connection();
        FAIL("connected with a wrong password");
    } catch (const orm::OperationalError& e) {
        const std::string message = e.what();
        CAPTURE(message);
        CHECK(message.find("Pa55-w0rd-never-shown") == std::string::npos);
        CHECK(message.find(url.redacted()) != std::string::npos);  // names the server, masked
        CHECK(message.find("***") != std::string::npos);
        CHECK(e.code() == 1045);
        CHECK_FALSE(e.transient());
    }
}

TEST_CASE("mysql: an unreachable server is an OperationalError without the password") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "server connections");
    auto url = test_url();
    url.host = "127.0.0.1";
    url.port = 1;  // nothing listens there
    url.password = "Pa55-w0rd-never-shown";
    orm::Engine engine(url, {.connect_timeout = std::chrono::seconds(2)});
    try {
        engine.connection();
        FAIL("connected to port 1");
    } catch (const orm::OperationalError& e) {
        const std::string message = e.what();
        CAPTURE(message);
        CHECK(message.find("Pa55-w0rd-never-shown") == std::string::npos);
        CHECK(message.find("127.0.0.1:1") != std::string::npos);
        CHECK((e.code() == 2002 || e.code() == 2003));
    }
}

TEST_CASE("mysql: an unknown database and an unknown URL parameter") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "server connections");
    auto url = test_url();
    url.database = "notes_test_no_such_db";
    orm::Engine missing(url, {});
    try {
        missing.connection();
        FAIL("connected to a missing database");
    } catch (const orm::OperationalError& e) {
        CHECK(e.code() == 1049);
    }
    url = test_url();
    url.query["charset"] = "latin1";
    orm::Engine odd(url, {});
    CHECK_THROWS_AS(odd.connection(), orm::UrlError);
}

TEST_CASE("mysql: names compare case-sensitively: 'Tech' and 'tech' are two categories") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "utf8mb4_bin collation");
    test::Db db;
    db.session.add(Category{.name = "Tech"});
    db.session.add(Category{.name = "tech"});
    db.session.add(Category{.name = "t\xC3\xA9"
                                    "ch"});  // "téch"
    CHECK_NOTHROW(db.session.commit());
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 3);
    CHECK(db.session.query<Category>().filter(c(&Category::name) == "tech").one()->name == "tech");
    CHECK(db.session.query<Category>().filter(c(&Category::name) == "TECH").all().empty());
    CHECK(db.session.query<Category>().filter(c(&Category::name).like("t%")).count() == 2);
    // The unique key is exact too.
    db.session.add(Category{.name = "Tech"});
    CHECK_THROWS_AS(db.session.commit(), orm::IntegrityError);
    // Table names too.
    CHECK(db.dialect().has_table(db.conn(), "ormt_categories"));
    CHECK_FALSE(db.dialect().has_table(db.conn(), "ORMT_CATEGORIES"));
}

TEST_CASE("mysql: search with short words, stop words, operators and punctuation") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql,
                "InnoDB full-text index with REGEXP/LIKE fallbacks");
    test::Db db;
    auto cat = db.session.add(Category{.name = "s"});
    db.session.flush();
    const std::vector<std::string> texts = {
        "SQLAlchemy is cool",         // 0
        "Caf\xC3\xA9 au lait",        // 1: Café
        "send an e-mail to bob",      // 2
        "the quick brown fox jumps",  // 3
        "AND OR NOT NEAR",            // 4
        "cats are not dogs",          // 5
        "my resume is ready",         // 6
        "\xC3\x89"
        "COLE publique",                            // 7: ÉCOLE
        "bob's burgers",                            // 8
        "sql in misc",                              // 9
        "x_z marks the spot",                       // 10
        "a%c ratio",                                // 11
        "\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97 ok",  // 12: 中文字
        "I \xF0\x9F\x98\x80 emoji",                 // 13: 😀
        "e\xCC\x81"
        "t\xC3\xA9 decomposed",  // 14: "été" with a combining accent
    };
    for (const auto& t : texts)
        db.session.add(Note{.text = t, .category_id = cat->id});
    db.session.commit();

    const auto find = [&](std::vector<SearchTerm> terms) {
        std::set<std::string> out;
        for (const auto& n : db.session.query<Note>().search(&Note::text, std::move(terms)).all())
            out.insert(n->text);
        return out;
    };
    using S = std::set<std::string>;
    const auto T = [&](std::initializer_list<int> i) {
        S out;
        for (int k : i)
            out.insert(texts[static_cast<std::size_t>(k)]);
        return out;
    };

    SUBCASE("short words (below innodb_ft_min_token_size) are word starts, not substrings") {
        CHECK(find({{"is"}}) == T({0, 6}));  // not "misc"
        CHECK(find({{"a"}}) == T({1, 2, 4, 5, 11}));
        CHECK(find({{"au"}}) == T({1}));
        CHECK(find({{"my"}}) == T({6}));
        CHECK(find({{"I"}}) == T({0, 6, 9, 13}));  // "is", "in", "I"
        CHECK(find({{"AN"}}) == T({2, 4}));
        CHECK(find({{"x"}}) == T({10}));
        CHECK(find({{"ok"}}) == T({12}));
    }
    SUBCASE("stop words are ordinary terms") {
        CHECK(find({{"the"}}) == T({3, 10}));
        CHECK(find({{"to"}}) == T({2}));
        CHECK(find({{"are"}}) == T({5}));
        CHECK(find({{"the"}, {"fox"}}) == T({3}));
        CHECK(find({{"the quick", true}}) == T({3}));
        CHECK(find({{"is cool", true}}) == T({0}));
        CHECK(find({{"is ready", true}}) == T({6}));
        CHECK(find({{"ready is", true}}).empty());
        CHECK(find({{"is rea", true}}).empty());  // a phrase's last word is whole
    }
    SUBCASE("boolean-mode operators are literal") {
        CHECK(find({{"NOT"}}) == T({4, 5}));
        CHECK(find({{"OR"}}) == T({4}));
        CHECK(find({{"NEAR"}}) == T({4}));
        CHECK(find({{"cat"}, {"NOT"}, {"dogs"}}) == T({5}));
        CHECK(find({{"+cat"}, {"-dogs"}}) == T({5}));
        CHECK(find({{"cat*"}}) == T({5}));
        CHECK(find({{"cat"}, {"OR"}, {"quick"}}).empty());
        for (const char* hostile :
             {"*",           "+",        "-",     "\"",   "(",    ")",     "@2",
              "~",           "<",        ">",     "\"\"", "fox*", "(fox",  "fox)",
              "\"fox",       "fox\" @2", "~fox",  "<fox", ">fox", "+-fox", "fox**",
              "@",           "'",        "\\",    "%",    "_",    "!",     "NEAR(cats dogs)",
              "' OR 1=1 --", "a*",       "s*q*l", "e-"}) {
            CAPTURE(hostile);
            CHECK_NOTHROW(find({{hostile}}));
            CHECK_NOTHROW(find({{hostile, true}}));
            CHECK_NOTHROW(find({{"fox"}, {hostile}}));
        }
    }
    SUBCASE("punctuation inside a term, and punctuation-only terms") {
        CHECK(find({{"e-mail"}}) == T({2}));
        CHECK(find({{"bob's"}}) == T({8}));
        CHECK(find({{"bob"}}) == T({2, 8}));
        CHECK(find({{"x_z"}}) == T({10}));
        CHECK(find({{"a%c"}}) == T({11}));
        CHECK(find({{"%"}}) == T({11}));
        CHECK(find({{"_"}}) == T({10}));
        CHECK(find({{"'"}}) == T({8}));
        CHECK(find({{"\xF0\x9F\x98\x80"}}) == T({13}));
        CHECK(find({{"\xF0\x9F\x98\x83"}}).empty());  // another emoji is another character
        CHECK(find({{"' OR 1=1 --"}}).empty());
    }
    SUBCASE("case and accents, in the index and in the fallbacks") {
        CHECK(find({{"cafe"}}) == T({1}));
        CHECK(find({{"CAF\xC3\x89"}}) == T({1}));
        CHECK(find({{"ecole"}}) == T({7}));
        CHECK(find({{"\xC3\xA9"
                     "c"}}) == T({7}));  // short: "éc"
        CHECK(find({{"EC"}}) == T({7}));
        CHECK(find({{"r\xC3\xA9sum\xC3\xA9"}}) == T({6}));  // résumé
        CHECK(find({{"caf\xC3\xA9 au", true}}) == T({1}));
        CHECK(find({{"ete"}}) == T({14}));  // decomposed text
        CHECK(find({{"\xC3\xA9t"}}) == T({14}));
        CHECK(find({{"\xE4\xB8\xAD\xE6\x96\x87"}}) == T({12}));  // a CJK word's start
    }
    SUBCASE("word starts only") {
        CHECK(find({{"alchemy"}}).empty());
        CHECK(find({{"ool"}}).empty());
        CHECK(find({{"mail"}}) == T({2}));  // "e-mail" is two words
        CHECK(find({{"ail"}}).empty());
        CHECK(find({{"sql"}}) == T({0, 9}));
    }
}

TEST_CASE("mysql: search ranks by relevance, best first") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "MATCH score");
    test::Db db;
    auto cat = db.session.add(Category{.name = "r"});
    db.session.flush();
    for (const char* t : {"apple", "banana", "cherry", "kiwi banana apple cherry grape lemon",
                          "kiwi kiwi kiwi kiwi", "plum", "pear"})
        db.session.add(Note{.text = t, .category_id = cat->id});
    db.session.commit();
    auto hits = db.session.query<Note>().search(&Note::text, {{"kiwi"}}).all();
    REQUIRE(hits.size() == 2);
    CHECK(hits[0]->text == "kiwi kiwi kiwi kiwi");
}

TEST_CASE("mysql: DATETIME defaults are UTC and read as 'YYYY-MM-DD HH:MM:SS'") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "DATETIME and time_zone");
    test::Db db;
    // As another tool would insert it: only the name.
    db.conn().execute("INSERT INTO `ormt_categories` (`name`) VALUES (?)", {std::string("raw")});
    const auto text = test::scalar_text(db.conn(), "SELECT `created_at` FROM `ormt_categories`");
    CAPTURE(text);
    CHECK(text.size() == 19);
    CHECK(text[10] == ' ');
    auto parsed = orm::Timestamp::parse(text);
    REQUIRE(parsed);
    const auto skew = parsed->time - orm::Timestamp::now().time;
    CHECK(std::chrono::abs(skew) < std::chrono::seconds(60));
    CHECK(test::scalar_text(db.conn(), "SELECT @@SESSION.time_zone") == "+00:00");

    // And through a model.
    auto cat = db.session.query<Category>().one();
    CHECK(cat->created_at == *parsed);
    const auto at = *orm::Timestamp::parse("2026-11-24 10:00:00");
    db.session.add(Sample{.code = "t", .at = at, .opt_at = at});
    db.session.commit();
    db.session.expunge_all();
    auto sample = db.session.query<Sample>().one();
    CHECK(sample->at == at);
    CHECK(sample->opt_at == at);
}

TEST_CASE("mysql: numbers round-trip exactly") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql,
                "DOUBLE, BIGINT and TINYINT(1) read as text");
    test::Db db;
    const std::vector<double> doubles = {
        0.1, -2.5e-300, 1.7976931348623157e308, 3.141592653589793, 1.0 / 3.0,
        0.0, -0.0,      123456789.125};
    const auto big = std::numeric_limits<std::int64_t>::max();
    const auto small = std::numeric_limits<std::int64_t>::min();
    for (double d : doubles)
        db.session.add(Sample{.big = big,
                              .small = -7,
                              .flag = true,
                              .ratio = d,
                              .code = "n",
                              .at = orm::Timestamp::now(),
                              .opt_big = small,
                              .opt_ratio = d});
    db.session.commit();
    db.session.expunge_all();
    auto rows = db.session.query<Sample>().order_by(c(&Sample::id).asc()).all();
    REQUIRE(rows.size() == doubles.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(doubles[i]);
        CHECK(rows[i]->ratio == doubles[i]);
        CHECK(rows[i]->opt_ratio == doubles[i]);
        CHECK(rows[i]->big == big);
        CHECK(rows[i]->opt_big == small);
        CHECK(rows[i]->small == -7);
        CHECK(rows[i]->flag);
        CHECK_FALSE(rows[i]->opt_flag);
    }
}

TEST_CASE("mysql: strict mode refuses over-long values instead of truncating them") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "sql_mode STRICT_ALL_TABLES");
    test::Db db;
    // Plain SQL, around the ORM's own validation.
    try {
        db.conn().execute("INSERT INTO `ormt_strict` (`label`, `code`) VALUES (?, ?)",
                          {std::string("l"), std::string(65, 'x')});
        FAIL("a 65-character value went into VARCHAR(64)");
    } catch (const orm::IntegrityError& e) {
        CHECK(e.code() == 1406);
        CHECK(e.statement().find("INSERT INTO") != std::string::npos);
    }
    CHECK(test::count_rows(db.conn(), "ormt_strict") == 0);
    // 64 characters of 4 bytes each fit: lengths are characters.
    std::string emoji64;
    for (int i = 0; i < 64; ++i)
        emoji64 += "\xF0\x9F\x98\x80";
    CHECK_NOTHROW(db.conn().execute("INSERT INTO `ormt_strict` (`label`, `code`) VALUES (?, ?)",
                                    {std::string("l"), emoji64}));
}

TEST_CASE("mysql: error numbers map onto the ORM's error types") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "MySQL errnos");
    test::Db db;
    auto& conn = db.conn();
    conn.execute("INSERT INTO `ormt_categories` (`name`) VALUES (?)", {std::string("dup")});
    const auto code_of = [](auto&& run) {
        try {
            run();
        } catch (const orm::DatabaseError& e) {
            return e.code();
        }
        return 0;
    };
    CHECK_THROWS_AS(
        conn.execute("INSERT INTO `ormt_categories` (`name`) VALUES (?)", {std::string("dup")}),
        orm::IntegrityError);
    CHECK(code_of([&] {
              conn.execute("INSERT INTO `ormt_categories` (`name`) VALUES (?)",
                           {std::string("dup")});
          }) == 1062);
    CHECK_THROWS_AS(conn.execute("INSERT INTO `ormt_notes` (`text`, `category_id`) VALUES (?, ?)",
                                 {std::string("t"), std::int64_t{999}}),
                    orm::IntegrityError);  // 1452
    CHECK_THROWS_AS(
        conn.execute("INSERT INTO `ormt_categories` (`name`) VALUES (?)", {orm::Value{}}),
        orm::IntegrityError);  // 1048
    CHECK_THROWS_AS(conn.prepare("SELECT * FROM `ormt_no_such_table`"), orm::ProgrammingError);
    CHECK_THROWS_AS(conn.prepare("SELEC 1"), orm::ProgrammingError);
    CHECK_THROWS_AS(conn.execute_script("SELECT 1; SELEC 2"), orm::ProgrammingError);
    CHECK(code_of([&] { conn.prepare("SELEC 1"); }) == 1064);
    CHECK(code_of([&] { conn.prepare("SELECT * FROM `ormt_no_such_table`"); }) == 1146);
    // The connection is still usable after each of them.
    CHECK(test::scalar(conn, "SELECT COUNT(*) FROM `ormt_categories`") == 1);
}

TEST_CASE("mysql: a row lock wait timeout is a transient OperationalError") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "InnoDB row locks");
    auto a = test::make_engine({.busy_timeout = std::chrono::milliseconds(1000)});
    test::all_tables().create_all(a->connection());
    auto b = orm::create_engine(*support::server_url(),
                                {.busy_timeout = std::chrono::milliseconds(1000)});
    a->connection().execute("INSERT INTO `ormt_categories` (`name`) VALUES (?)",
                            {std::string("locked")});
    CHECK(test::scalar_text(a->connection(), "SELECT @@SESSION.innodb_lock_wait_timeout") == "1");

    orm::Session holder(*a);
    auto tx = holder.begin();
    holder.connection().execute("UPDATE `ormt_categories` SET `name` = ? WHERE `name` = ?",
                                {std::string("held"), std::string("locked")});
    orm::Session waiter(*b);
    auto tx2 = waiter.begin(/*write=*/false);  // no writer lock: straight to the row lock
    try {
        waiter.connection().execute("UPDATE `ormt_categories` SET `name` = ? WHERE `name` = ?",
                                    {std::string("other"), std::string("locked")});
        FAIL("no lock wait timeout");
    } catch (const orm::OperationalError& e) {
        CHECK(e.code() == 1205);
        CHECK(e.transient());
    }
    tx2.rollback();
    tx.commit();
    CHECK(test::count_rows(b->connection(), "ormt_categories") == 1);
}

TEST_CASE("mysql: write transactions queue up for the writer lock, as on SQLite") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "GET_LOCK per database");
    const orm::EngineOptions quick{.busy_timeout = std::chrono::milliseconds(1000)};
    auto a = test::make_engine(quick);
    test::all_tables().create_all(a->connection());
    auto b = orm::create_engine(*support::server_url(), quick);
    orm::Session first(*a), second(*b);
    {
        auto tx = first.begin();
        const auto started = std::chrono::steady_clock::now();
        try {
            auto tx2 = second.begin();
            FAIL("two writers at once");
        } catch (const orm::OperationalError& e) {
            CHECK(e.code() == 1205);
            CHECK(e.transient());
        }
        CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(900));
        // Readers do not wait.
        auto read = second.begin(/*write=*/false);
        CHECK(second.query<Category>().count() == 0);
        read.commit();
        tx.commit();
    }
    // Released by COMMIT, and by ROLLBACK.
    {
        auto tx2 = second.begin();
        second.add(Category{.name = "second"});
        tx2.rollback();
    }
    auto tx = first.begin();
    first.add(Category{.name = "first"});
    CHECK_NOTHROW(tx.commit());

    // Check-then-insert from many connections at once: one row, no error.
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 6; ++t)
        threads.emplace_back([&] {
            try {
                auto engine = orm::create_engine(*support::server_url());
                orm::Session s(*engine);
                for (int i = 0; i < 10; ++i) {
                    auto tx = s.begin();
                    if (!s.query<Category>().filter(c(&Category::name) == "shared").one_or_none())
                        s.add(Category{.name = "shared"});
                    tx.commit();
                }
            } catch (const std::exception&) {
                ++failures;
            }
        });
    for (auto& t : threads)
        t.join();
    CHECK(failures == 0);
    CHECK(test::count_rows(a->connection(), "ormt_categories") == 2);
}

TEST_CASE("mysql: a connection lost between transactions is reopened when the next begins") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "server sessions");
    test::Db db;
    db.session.add(Category{.name = "before"});
    db.session.commit();
    const auto first = session_id(db.conn());
    // A statement cached on the old session, reused after it is gone.
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 1);
    kill(first);

    auto tx = db.session.begin();
    CHECK(db.session.query<Category>().count() == 1);
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 1);
    db.session.add(Category{.name = "after"});
    tx.commit();
    const auto second = session_id(db.conn());
    CHECK(second != first);
    // The new session has the same settings.
    CHECK(test::scalar_text(db.conn(), "SELECT @@SESSION.time_zone") == "+00:00");
    CHECK(test::scalar_text(db.conn(), "SELECT @@SESSION.sql_mode").find("STRICT_ALL_TABLES") !=
          std::string::npos);
    CHECK(test::scalar(db.conn(), "SELECT COUNT(*) FROM `ormt_categories`") == 2);
}

TEST_CASE("mysql: a connection lost inside a transaction is an error, not a silent retry") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "server sessions");
    test::Db db;
    auto tx = db.session.begin();
    db.session.add(Category{.name = "lost"});
    db.session.flush();
    kill(session_id(db.conn()));
    try {
        db.session.add(Category{.name = "lost too"});
        db.session.commit();
        FAIL("committed on a killed connection");
    } catch (const orm::OperationalError& e) {
        CAPTURE(e.what());
        CHECK(e.transient());
    }
    // Nothing of it was kept; the next transaction runs on a new session.
    auto again = db.session.begin();
    CHECK(db.session.query<Category>().count() == 0);
    db.session.add(Category{.name = "retried"});
    again.commit();
    CHECK(test::count_rows(db.conn(), "ormt_categories") == 1);
}

TEST_CASE("mysql: a query inside a streaming query reads the rest of the outer rows first") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql,
                "one command in flight per MySQL connection");
    test::Db db;
    for (int i = 0; i < 40; ++i)
        db.session.add(Sample{
            .big = i,
            .body = std::string(static_cast<std::size_t>(i) * 100, 'a' + static_cast<char>(i % 26)),
            .code = "s",
            .at = orm::Timestamp::now()});
    db.session.commit();
    auto& conn = db.conn();
    auto outer = conn.prepare("SELECT `big`, `body` FROM `ormt_samples` ORDER BY `big`");
    std::int64_t expected = 0;
    while (outer->step()) {
        const auto big = outer->get_int64(0);
        CHECK(big == expected);
        // Another statement, and the same SQL nested (a fresh statement).
        CHECK(test::scalar(conn, "SELECT COUNT(*) FROM `ormt_samples` WHERE `big` >= ?", {big}) ==
              40 - big);
        auto inner = conn.prepare("SELECT `big`, `body` FROM `ormt_samples` ORDER BY `big`");
        int n = 0;
        while (inner->step())
            ++n;
        CHECK(n == 40);
        // The outer row is intact after both.
        CHECK(outer->get_int64(0) == big);
        CHECK(outer->get_text(1).size() == static_cast<std::size_t>(big) * 100);
        ++expected;
    }
    CHECK(expected == 40);
    // Streaming through the ORM with writes in between.
    int seen = 0;
    auto tx = db.session.begin();
    for (const auto& s : db.session.query<Sample>().order_by(c(&Sample::big).asc()).stream()) {
        db.session.add(Category{.name = "c" + std::to_string(s.big)});
        db.session.flush();
        ++seen;
    }
    tx.commit();
    CHECK(seen == 40);
    CHECK(test::count_rows(conn, "ormt_categories") == 40);
}

TEST_CASE("mysql: scripts run several statements; statements are cached and reused") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "multi-statement text protocol");
    test::Db db;
    auto& conn = db.conn();
    conn.execute_script(
        "INSERT INTO `ormt_categories` (`name`) VALUES ('one'); "
        "INSERT INTO `ormt_categories` (`name`) VALUES ('two'); "
        "SELECT 1; UPDATE `ormt_categories` SET `name` = 'uno' WHERE `name` = 'one'");
    CHECK(test::count_rows(conn, "ormt_categories") == 2);
    CHECK(conn.last_insert_id() > 0);
    // An UPDATE that changes nothing still counts the rows it found, as on SQLite.
    CHECK(conn.execute("UPDATE `ormt_categories` SET `name` = `name`") == 2);
    const auto id = conn.last_insert_id();
    conn.execute("INSERT INTO `ormt_categories` (`name`) VALUES (?)", {std::string("three")});
    CHECK(conn.last_insert_id() == id + 1);
}

TEST_CASE("mysql: the schema: exact names, MEDIUMTEXT, InnoDB, foreign keys, re-runnable") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "information_schema");
    test::Db db;
    auto& conn = db.conn();
    const auto column = [&](const char* table, const char* name, const char* what) {
        return test::scalar_text(
            conn,
            std::string("SELECT ") + what +
                " FROM information_schema.columns WHERE table_schema = DATABASE() "
                "AND table_name = ? AND column_name = ?",
            {std::string(table), std::string(name)});
    };
    CHECK(column("ormt_categories", "name", "collation_name") == "utf8mb4_bin");
    CHECK(column("ormt_categories", "id", "column_type") == "bigint(20)");
    CHECK(column("ormt_categories", "id", "extra") == "auto_increment");
    CHECK(column("ormt_categories", "created_at", "data_type") == "datetime");
    CHECK(column("ormt_notes", "text", "data_type") == "mediumtext");
    CHECK(column("ormt_notes", "text", "collation_name") == "utf8mb4_unicode_ci");
    CHECK(column("ormt_samples", "body", "collation_name") == "utf8mb4_bin");
    CHECK(column("ormt_samples", "flag", "column_type") == "tinyint(1)");
    CHECK(test::scalar_text(conn,
                            "SELECT engine FROM information_schema.tables WHERE table_schema = "
                            "DATABASE() AND table_name = 'ormt_notes'") == "InnoDB");
    CHECK(test::scalar(conn,
                       "SELECT COUNT(*) FROM information_schema.referential_constraints WHERE "
                       "constraint_schema = DATABASE() AND table_name = 'ormt_notes' "
                       "AND delete_rule = 'CASCADE'") == 1);
    const auto indexes = test::index_names(conn, "ormt_notes");
    CHECK(std::count(indexes.begin(), indexes.end(), "ft_ormt_notes_text") == 1);
    // DDL commits at once; running it all again changes nothing and fails nowhere.
    CHECK_NOTHROW(test::all_tables().create_all(conn));
    CHECK_NOTHROW(conn.dialect().create_fulltext(conn, Note::table(), Note::table().columns()[1]));
    CHECK(test::index_names(conn, "ormt_notes").size() == indexes.size());
}

TEST_CASE("mysql: tables made by another program are widened to their declaration") {
    SKIP_UNLESS(test::backend() == test::Backend::mysql, "MySQL enforces lengths and collations");
    auto engine = test::make_engine();
    auto& conn = engine->connection();
    // As SQLAlchemy's tutorial models make them on a server whose default
    // collation is case-insensitive.
    conn.execute_script(
        "CREATE TABLE ormt_categories (id INTEGER NOT NULL AUTO_INCREMENT, "
        "name VARCHAR(10) COLLATE utf8mb4_unicode_ci NOT NULL, PRIMARY KEY (id), UNIQUE (name)); "
        "CREATE TABLE ormt_notes (id INTEGER NOT NULL AUTO_INCREMENT, text TEXT NOT NULL, "
        "category_id INTEGER NOT NULL, title VARCHAR(80) DEFAULT 'untitled', PRIMARY KEY (id), "
        "FOREIGN KEY(category_id) REFERENCES ormt_categories (id)); "
        "INSERT INTO ormt_categories (name) VALUES ('technology'); "
        "INSERT INTO ormt_notes (text, category_id) VALUES ('sqlalchemy is cool', 1)");
    test::all_tables().create_all(conn);
    const auto column = [&](const char* table, const char* name) {
        return test::scalar_text(
            conn,
            "SELECT CONCAT(column_type, ' ', COALESCE(collation_name, ''), ' ', is_nullable, "
            "' ', COALESCE(column_default, '-')) FROM information_schema.columns "
            "WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?",
            {std::string(table), std::string(name)});
    };
    CHECK(column("ormt_categories", "name") == "varchar(64) utf8mb4_bin NO -");
    CHECK(column("ormt_notes", "text") == "mediumtext utf8mb4_unicode_ci NO -");
    // Wider than declared: kept, only the collation changes; the default stays.
    CHECK(column("ormt_notes", "title") == "varchar(80) utf8mb4_bin YES 'untitled'");
    CHECK(test::count_rows(conn, "ormt_notes") == 1);

    orm::Session session(*engine);
    session.add(Category{.name = "Technology"});
    session.add(Category{.name = std::string(64, 'L')});
    CHECK_NOTHROW(session.commit());
    CHECK(test::count_rows(conn, "ormt_categories") == 3);
    auto found = session.query<Note>().search(&Note::text, {{"sqlalchemy"}}).all();
    REQUIRE(found.size() == 1);
    CHECK(found[0]->title == "untitled");
    // Running it again changes nothing.
    CHECK_NOTHROW(test::all_tables().create_all(conn));
    CHECK(column("ormt_categories", "name") == "varchar(64) utf8mb4_bin NO -");
}

TEST_SUITE_END();
