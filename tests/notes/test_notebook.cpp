// Every Notebook operation against a real database of the backend under test:
// results, ordering, all-or-nothing behaviour, refusals and their messages.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "notes/errors.hpp"
#include "notes/notebook.hpp"
#include "notes/validate.hpp"

using notes::Conflict;
using notes::Invalid;
using notes::NotFound;
using nt::message_of;

namespace {

notes::ImportRecord rec(std::string text, std::string category,
                        std::optional<std::string> created = std::nullopt,
                        std::optional<std::string> updated = std::nullopt) {
    notes::ImportRecord r;
    r.text = std::move(text);
    r.category = std::move(category);
    if (created) r.created_at = nt::ts(*created);
    if (updated) r.updated_at = nt::ts(*updated);
    return r;
}

// Within a few minutes of now (the clock of the test and of the database).
bool recent(const orm::Timestamp& t) {
    const auto now = orm::Timestamp::now().time;
    return t.is_set() && t.time > now - std::chrono::minutes(5) &&
           t.time < now + std::chrono::minutes(5);
}

std::vector<std::string> names(const std::vector<notes::CategoryView>& list) {
    std::vector<std::string> out;
    for (const auto& c : list)
        out.push_back(c.category.name);
    return out;
}

std::vector<std::int64_t> sorted(std::vector<std::int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
}

std::vector<std::int64_t> search_ids(notes::Notebook& book, const std::string& query,
                                     const std::optional<std::string>& category = std::nullopt,
                                     std::optional<std::int64_t> limit = std::nullopt) {
    return nt::ids(book.search(query, category, limit));
}

std::int64_t add(notes::Notebook& book, const std::string& text, const std::string& category) {
    return book.add(text, category).note.note.id;
}

}  // namespace

// ---- create -------------------------------------------------------------------------

TEST_CASE("Notebook::create: a category with an id and a creation time") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto tech = book.create("tech");
    CHECK(tech.id > 0);
    CHECK(tech.name == "tech");
    CHECK(recent(tech.created_at));
    const auto all = book.categories();
    REQUIRE(all.size() == 1);
    CHECK(all[0].category.id == tech.id);
    CHECK(all[0].category.name == "tech");
    CHECK(all[0].category.created_at == tech.created_at);
    CHECK(all[0].notes == 0);
}

TEST_CASE("Notebook::create: an existing name is a Conflict and changes nothing") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.create("tech");
    CHECK(message_of<Conflict>([&] { book.create("tech"); }) ==
          "a category named 'tech' already exists");
    CHECK(names(book.categories()) == std::vector<std::string>{"tech"});
}

TEST_CASE("Notebook::create: names are compared exactly: case and accents make different names") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.create("tech");
    CHECK_NOTHROW(book.create("Tech"));
    CHECK_NOTHROW(book.create("TECH"));
    CHECK_NOTHROW(book.create("cafe"));
    CHECK_NOTHROW(book.create("café"));
    CHECK_NOTHROW(book.create("tech!"));
    CHECK_NOTHROW(book.create("cafe\u0301"));  // "café" decomposed (NFD): other code points
    CHECK(names(book.categories()) ==
          std::vector<std::string>{"TECH", "Tech", "cafe", "cafe\u0301", "café", "tech", "tech!"});
    CHECK(book.notes("cafe\u0301", {}).empty());
    CHECK(book.notes("Tech", {}).empty());
    CHECK_THROWS_AS(book.notes("tEch", {}), NotFound);
    CHECK_THROWS_AS(book.create("Tech"), Conflict);
}

TEST_CASE("Notebook::create: 64 characters of four bytes each are stored and read back exactly") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    std::string emoji, accented;
    for (int i = 0; i < 64; ++i)
        emoji += "😀";
    for (int i = 0; i < 64; ++i)
        accented += "é";
    book.create(emoji);
    book.create(accented);
    CHECK(names(book.categories()) == std::vector<std::string>{accented, emoji});
    CHECK_THROWS_AS(book.create(emoji + "😀"), Invalid);
}

// ---- add ----------------------------------------------------------------------------

TEST_CASE("Notebook::add: creates the category the first time only") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto first = book.add("sqlalchemy is cool", "tech");
    CHECK(first.created_category);
    CHECK(first.note.category == "tech");
    CHECK(first.note.note.id > 0);
    CHECK(first.note.note.text == "sqlalchemy is cool");
    CHECK(recent(first.note.note.created_at));
    CHECK(first.note.note.updated_at == first.note.note.created_at);

    const auto second = book.add("orm all the things", "tech");
    CHECK_FALSE(second.created_category);
    CHECK(second.note.note.category_id == first.note.note.category_id);
    CHECK(second.note.note.id > first.note.note.id);

    book.create("work");
    CHECK_FALSE(book.add("standup at 10", "work").created_category);

    const auto list = book.categories();
    REQUIRE(list.size() == 2);
    CHECK(list[0].category.name == "tech");
    CHECK(list[0].notes == 2);
    CHECK(list[1].category.name == "work");
    CHECK(list[1].notes == 1);
}

TEST_CASE("Notebook::add: the text is stored exactly as given") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const std::string text =
        "  leading blanks\n\ttab, bell \x07, DEL \x7F, NEL \u0085, 😀 and 日本語, quotes ' \" \\ %_ "
        "\r\n"
        "trailing  ";
    const auto id = add(book, text, "misc");
    CHECK(book.show(id).note.text == text);
}

TEST_CASE("Notebook::add: 1 MiB of text is stored and read back exactly") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    std::string text;
    text.reserve(notes::max_text_bytes);
    while (text.size() + 6 <= notes::max_text_bytes)
        text += "ab😀";  // 6 bytes a round
    while (text.size() < notes::max_text_bytes)
        text += 'z';
    REQUIRE(text.size() == 1048576);
    const auto id = add(book, text, "big");
    const auto shown = book.show(id).note.text;
    CHECK(shown.size() == text.size());
    CHECK(shown == text);
    CHECK_THROWS_AS(book.add(text + "z", "big"), Invalid);
}

TEST_CASE("Notebook::add: a refused text or name changes nothing") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    CHECK_THROWS_AS(book.add("   ", "tech"), Invalid);
    CHECK_THROWS_AS(book.add(std::string("a\0b", 3), "tech"), Invalid);
    CHECK_THROWS_AS(book.add("text", " tech"), Invalid);
    CHECK_THROWS_AS(book.add("text", ""), Invalid);
    CHECK(book.categories().empty());
}

// ---- categories -----------------------------------------------------------------------

TEST_CASE("Notebook::categories: empty at first") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    CHECK(book.categories().empty());
}

TEST_CASE("Notebook::categories: ordered by name in code-point order, with their note counts") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    for (const char* name : {"b", "😀", "a", "é", "B", "\uFF21", "Z", "aa", "e", "a b", "_", "1"})
        book.create(name);
    add(book, "one", "a");
    add(book, "two", "a");
    add(book, "three", "é");
    add(book, "four", "😀");
    const auto list = book.categories();
    CHECK(names(list) == std::vector<std::string>{"1", "B", "Z", "_", "a", "a b", "aa", "b", "e",
                                                  "é", "\uFF21", "😀"});
    for (const auto& c : list) {
        CAPTURE(c.category.name);
        const std::int64_t expected = c.category.name == "a"                             ? 2
                                      : c.category.name == "é" || c.category.name == "😀" ? 1
                                                                                         : 0;
        CHECK(c.notes == expected);
    }
}

// ---- notes of a category -------------------------------------------------------------------

TEST_CASE("Notebook::notes: newest first by creation time, then by id, --oldest, --limit") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    // Ids in import order; creation times deliberately out of that order.
    REQUIRE(book.import_notes(nt::records({
                rec("n1 (2020)", "t", "2020-01-01 00:00:00"),
                rec("n2 (2022)", "t", "2022-01-01 00:00:00"),
                rec("n3 (2021)", "t", "2021-01-01 00:00:00"),
                rec("n4 (2021, same second as n3)", "t", "2021-01-01 00:00:00"),
                rec("elsewhere", "other", "2023-01-01 00:00:00"),
            })) == 5);
    const auto all = nt::exported(book);
    REQUIRE(all.size() == 5);
    std::map<std::string, std::int64_t> id;
    for (const auto& v : all)
        id[v.note.text.substr(0, 2)] = v.note.id;

    CHECK(nt::ids(book.notes("t", {})) ==
          std::vector<std::int64_t>{id["n2"], id["n4"], id["n3"], id["n1"]});
    CHECK(nt::ids(book.notes("t", {.limit = std::nullopt, .oldest_first = true})) ==
          std::vector<std::int64_t>{id["n1"], id["n3"], id["n4"], id["n2"]});
    CHECK(nt::ids(book.notes("t", {.limit = 2, .oldest_first = false})) ==
          std::vector<std::int64_t>{id["n2"], id["n4"]});
    CHECK(nt::ids(book.notes("t", {.limit = 1, .oldest_first = true})) ==
          std::vector<std::int64_t>{id["n1"]});
    CHECK(nt::ids(book.notes("t", {.limit = 100, .oldest_first = false})).size() == 4);

    const auto one = book.notes("other", {});
    REQUIRE(one.size() == 1);
    CHECK(one[0].category == "other");
    CHECK(one[0].note.text == "elsewhere");
    CHECK(one[0].note.created_at == nt::ts("2023-01-01 00:00:00"));
}

TEST_CASE("Notebook::notes: notes added one after another come newest first") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto a = add(book, "first", "tech");
    const auto b = add(book, "second", "tech");
    const auto c = add(book, "third", "tech");
    CHECK(nt::ids(book.notes("tech", {})) == std::vector<std::int64_t>{c, b, a});
    CHECK(nt::ids(book.notes("tech", {.limit = std::nullopt, .oldest_first = true})) ==
          std::vector<std::int64_t>{a, b, c});
}

TEST_CASE("Notebook::notes: an empty category lists nothing, a missing one is NotFound") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.create("empty");
    CHECK(book.notes("empty", {}).empty());
    CHECK(message_of<NotFound>([&] { book.notes("missing", {}); }) ==
          "no category named 'missing'");
    CHECK_THROWS_AS(book.notes("bad\tname", {}), Invalid);
}

// ---- show -----------------------------------------------------------------------------

TEST_CASE("Notebook::show: one note, whole, with its category, a missing id is NotFound") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto added = book.add("sqlalchemy is cool", "tech").note;
    const auto shown = book.show(added.note.id);
    CHECK(shown.category == "tech");
    CHECK(shown.note.id == added.note.id);
    CHECK(shown.note.text == "sqlalchemy is cool");
    CHECK(shown.note.category_id == added.note.category_id);
    CHECK(shown.note.created_at == added.note.created_at);
    CHECK(shown.note.updated_at == added.note.updated_at);
    CHECK(message_of<NotFound>([&] { book.show(added.note.id + 1000); }) ==
          "no note with id " + std::to_string(added.note.id + 1000));
}

// ---- search ----------------------------------------------------------------------------

TEST_CASE(
    "Notebook::search: a term matches a word or the start of one, ignoring case and accents") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto cool = add(book, "SQLAlchemy is cool", "tech");
    const auto cafe = add(book, "Un café au lait", "food");
    const auto ecole = add(book, "ÉCOLE primaire", "misc");
    const auto pg = add(book, "PostgreSQL rocks", "tech");

    CHECK(search_ids(book, "sql") == std::vector<std::int64_t>{cool});
    CHECK(search_ids(book, "SQLALCHEMY") == std::vector<std::int64_t>{cool});
    CHECK(search_ids(book, "alchemy").empty());  // not the start of a word
    CHECK(search_ids(book, "postgresql") == std::vector<std::int64_t>{pg});
    CHECK(search_ids(book, "cafe") == std::vector<std::int64_t>{cafe});
    CHECK(search_ids(book, "CAFÉ") == std::vector<std::int64_t>{cafe});
    CHECK(search_ids(book, "école") == std::vector<std::int64_t>{ecole});
    CHECK(search_ids(book, "ecole") == std::vector<std::int64_t>{ecole});
    CHECK(search_ids(book, "Ecol") == std::vector<std::int64_t>{ecole});
}

TEST_CASE("Notebook::search: every term must occur") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto both = add(book, "sqlalchemy is cool", "tech");
    const auto one = add(book, "sqlalchemy is an orm", "tech");
    add(book, "cool weather", "misc");
    CHECK(search_ids(book, "sqlalchemy cool") == std::vector<std::int64_t>{both});
    CHECK(sorted(search_ids(book, "sqlalchemy")) == std::vector<std::int64_t>{both, one});
    CHECK(search_ids(book, "sqlalchemy cool orm").empty());
}

TEST_CASE("Notebook::search: a phrase matches its words in order") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto yes = add(book, "sqlalchemy is cool", "tech");
    add(book, "cool it is", "misc");
    add(book, "is it cool", "misc");
    CHECK(search_ids(book, "\"is cool\"") == std::vector<std::int64_t>{yes});
    CHECK(search_ids(book, "\"IS   COOL\" sqlalchemy") == std::vector<std::int64_t>{yes});
    CHECK(search_ids(book, "\"cool is\"").empty());
    CHECK(search_ids(book, "\"sqlalchemy cool\"").empty());
}

TEST_CASE("Notebook::search: AND, OR, NOT, NEAR, short and common words are ordinary terms") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto a_or = add(book, "black OR white", "misc");
    const auto a_and = add(book, "salt AND pepper", "misc");
    const auto a_not = add(book, "do NOT touch", "misc");
    const auto a_near = add(book, "NEAR the station", "misc");
    const auto only_apples = add(book, "apples only", "misc");
    const auto the_end = add(book, "it is the end", "misc");
    const auto x_y = add(book, "a b c x y", "misc");

    CHECK(search_ids(book, "OR") == std::vector<std::int64_t>{a_or});
    CHECK(search_ids(book, "AND") == std::vector<std::int64_t>{a_and});
    CHECK(search_ids(book, "not") == std::vector<std::int64_t>{a_not});
    CHECK(search_ids(book, "NEAR") == std::vector<std::int64_t>{a_near});
    CHECK(search_ids(book, "black OR white") == std::vector<std::int64_t>{a_or});
    // OR is a term, not an operator: both sides and the word itself must occur.
    CHECK(search_ids(book, "apples OR pears").empty());
    CHECK(search_ids(book, "apples NOT only").empty());
    CHECK(search_ids(book, "apples") == std::vector<std::int64_t>{only_apples});
    // Not an operator either: the text does not contain "near(station)".
    CHECK(search_ids(book, "NEAR(station)").empty());
    CHECK(sorted(search_ids(book, "the")) == std::vector<std::int64_t>{a_near, the_end});
    CHECK(search_ids(book, "is the end") == std::vector<std::int64_t>{the_end});
    CHECK(search_ids(book, "x y") == std::vector<std::int64_t>{x_y});
    CHECK(search_ids(book, "a b c") == std::vector<std::int64_t>{x_y});
}

TEST_CASE("Notebook::search: search syntax characters are literal and never an error") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto sql = add(book, "sqlalchemy is cool", "tech");
    for (const std::string query :
         {"sql*", "\"sql", "sql\"", "(sql", "sql)", "sql:", "^sql", "+sql", "-sql", "{sql}", "sql'",
          "'sql'", "sql;", "sql\\", "sql AND", "OR sql", "NEAR(sql cool)", "s\"q\"l"}) {
        CAPTURE(query);
        std::vector<std::int64_t> found;
        CHECK_NOTHROW(found = search_ids(book, query));
        CHECK(found.size() <= 1);
    }
    CHECK(search_ids(book, "(sql") == std::vector<std::int64_t>{sql});
    CHECK(search_ids(book, "\"sql") == std::vector<std::int64_t>{sql});
}

TEST_CASE("Notebook::search: punctuation-only terms match literally") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto percent = add(book, "I am 100% sure", "misc");
    const auto underscore = add(book, "snake_case names", "misc");
    const auto bang = add(book, "wow!", "misc");
    const auto cpp = add(book, "c++ is fun", "misc");
    const auto arrow = add(book, "from a → b", "misc");
    add(book, "plain words only", "misc");

    CHECK(search_ids(book, "%") == std::vector<std::int64_t>{percent});
    CHECK(search_ids(book, "_") == std::vector<std::int64_t>{underscore});
    CHECK(search_ids(book, "!") == std::vector<std::int64_t>{bang});
    CHECK(search_ids(book, "++") == std::vector<std::int64_t>{cpp});
    CHECK(search_ids(book, "→") == std::vector<std::int64_t>{arrow});
    CHECK(search_ids(book, "!!").empty());
    CHECK(search_ids(book, "%%").empty());
    CHECK(search_ids(book, "'").empty());
    CHECK(search_ids(book, "% sure") == std::vector<std::int64_t>{percent});
    CHECK(search_ids(book, "% wow").empty());
}

TEST_CASE("Notebook::search: a term with punctuation inside finds text that contains it") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto mail = add(book, "send an e-mail today", "misc");
    const auto date = add(book, "meeting on 2024-05-01 at noon", "misc");
    add(book, "nothing here", "misc");
    CHECK(search_ids(book, "e-mail") == std::vector<std::int64_t>{mail});
    CHECK(search_ids(book, "2024-05-01") == std::vector<std::int64_t>{date});
    CHECK(search_ids(book, "2024") == std::vector<std::int64_t>{date});
}

TEST_CASE("Notebook::search: -c keeps one category's notes, a missing category is NotFound") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto t = add(book, "sql in tech", "tech");
    const auto w = add(book, "sql at work", "work");
    book.create("empty");
    CHECK(search_ids(book, "sql", std::string("tech")) == std::vector<std::int64_t>{t});
    CHECK(search_ids(book, "sql", std::string("work")) == std::vector<std::int64_t>{w});
    CHECK(search_ids(book, "sql", std::string("empty")).empty());
    CHECK(message_of<NotFound>([&] { book.search("sql", std::string("tecj"), std::nullopt); }) ==
          "no category named 'tecj' (did you mean 'tech'?)");
    CHECK_THROWS_AS(book.search("sql", std::string(""), std::nullopt), Invalid);
}

TEST_CASE(
    "Notebook::search: --limit, equal ranks newest first, categories and snippets filled in") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto a = add(book, "sql note", "tech");
    const auto b = add(book, "sql note", "work");
    const auto c = add(book, "sql note", "tech");
    const auto hits = book.search("sql", std::nullopt, std::nullopt);
    CHECK(nt::ids(hits) == std::vector<std::int64_t>{c, b, a});
    REQUIRE(hits.size() == 3);
    CHECK(hits[0].note.category == "tech");
    CHECK(hits[1].note.category == "work");
    CHECK(hits[0].snippet.text == "sql note");
    CHECK(hits[0].snippet.marks == std::vector<std::pair<std::size_t, std::size_t>>{{0, 3}});
    CHECK(search_ids(book, "sql", std::nullopt, 2) == std::vector<std::int64_t>{c, b});
    CHECK(search_ids(book, "sql", std::nullopt, 1) == std::vector<std::int64_t>{c});
    CHECK(search_ids(book, "sql", std::string("tech"), 1) == std::vector<std::int64_t>{c});
}

TEST_CASE("Notebook::search: the best match comes first, before a newer weaker one") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto strong = add(book, "sqlite sqlite sqlite", "tech");
    std::string filler;
    for (int i = 0; i < 60; ++i)
        filler += " word" + std::to_string(i);
    const auto weak = add(book, "sqlite" + filler, "tech");
    CHECK(search_ids(book, "sqlite") == std::vector<std::int64_t>{strong, weak});
}

TEST_CASE("Notebook::search: no match is an empty result, an empty query is Invalid") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    CHECK(book.search("anything", std::nullopt, std::nullopt).empty());  // empty notebook
    add(book, "sqlalchemy is cool", "tech");
    CHECK(book.search("postgres", std::nullopt, std::nullopt).empty());
    CHECK(book.search("zzz", std::string("tech"), std::nullopt).empty());
    CHECK_THROWS_AS(book.search("", std::nullopt, std::nullopt), Invalid);
    CHECK(book.search("  \"\" ", std::nullopt, std::nullopt).empty());  // literal quotes: no match
}

TEST_CASE("Notebook::search: edited, moved and removed notes are found or no longer found") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto id = add(book, "original words", "tech");
    const auto other = add(book, "other words", "tech");
    book.create("work");
    book.edit(id, std::string("replacement text"), std::nullopt);
    CHECK(search_ids(book, "original").empty());
    CHECK(search_ids(book, "replacement") == std::vector<std::int64_t>{id});
    book.edit(id, std::nullopt, std::string("work"));
    CHECK(search_ids(book, "replacement", std::string("tech")).empty());
    CHECK(search_ids(book, "replacement", std::string("work")) == std::vector<std::int64_t>{id});
    book.remove({other});
    CHECK(search_ids(book, "words").empty());
}

// ---- edit ----------------------------------------------------------------------------------

TEST_CASE("Notebook::edit: new text keeps the category and creation time, updates updated_at") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.import_notes(nt::records({rec("old text", "tech", "2020-01-01 10:00:00")}));
    const auto id = nt::exported(book).at(0).note.id;
    const auto edited = book.edit(id, std::string("new text"), std::nullopt);
    CHECK(edited.note.id == id);
    CHECK(edited.note.text == "new text");
    CHECK(edited.category == "tech");
    CHECK(edited.note.created_at == nt::ts("2020-01-01 10:00:00"));
    CHECK(recent(edited.note.updated_at));
    const auto shown = book.show(id);
    CHECK(shown.note.text == "new text");
    CHECK(shown.category == "tech");
    CHECK(shown.note.created_at == nt::ts("2020-01-01 10:00:00"));
    CHECK(shown.note.updated_at == edited.note.updated_at);
}

TEST_CASE("Notebook::edit: -c moves a note, keeping its text") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto id = add(book, "movable", "tech");
    book.create("work");
    const auto moved = book.edit(id, std::nullopt, std::string("work"));
    CHECK(moved.category == "work");
    CHECK(moved.note.text == "movable");
    CHECK(book.show(id).category == "work");
    CHECK(book.notes("tech", {}).empty());
    CHECK(nt::ids(book.notes("work", {})) == std::vector<std::int64_t>{id});
}

TEST_CASE("Notebook::edit: text and category at once") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto id = add(book, "before", "tech");
    book.create("work");
    const auto both = book.edit(id, std::string("after"), std::string("work"));
    CHECK(both.category == "work");
    CHECK(both.note.text == "after");
    const auto shown = book.show(id);
    CHECK(shown.category == "work");
    CHECK(shown.note.text == "after");
}

TEST_CASE("Notebook::edit: a missing category is NotFound with a hint, and nothing changes") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto id = add(book, "unchanged", "tech");
    book.create("work");
    CHECK(message_of<NotFound>([&] {
              book.edit(id, std::string("changed"), std::string("wrk"));
          }) == "no category named 'wrk' (did you mean 'work'?)");
    const auto shown = book.show(id);
    CHECK(shown.note.text == "unchanged");
    CHECK(shown.category == "tech");
    CHECK(search_ids(book, "changed").empty());
}

TEST_CASE(
    "Notebook::edit: a missing note is NotFound, nothing to change or a bad value is Invalid") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto id = add(book, "text", "tech");
    CHECK(message_of<NotFound>([&] { book.edit(id + 1, std::string("x"), std::nullopt); }) ==
          "no note with id " + std::to_string(id + 1));
    CHECK_THROWS_AS(book.edit(id, std::nullopt, std::nullopt), Invalid);
    CHECK_THROWS_AS(book.edit(id, std::string(" \n"), std::nullopt), Invalid);
    CHECK_THROWS_AS(book.edit(id, std::nullopt, std::string("bad\x01")), Invalid);
    CHECK(book.show(id).note.text == "text");
}

// ---- rename --------------------------------------------------------------------------------

TEST_CASE("Notebook::rename: the category and its notes under the new name") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto id = add(book, "sqlalchemy is cool", "tech");
    add(book, "another", "tech");
    const auto renamed = book.rename("tech", "technology");
    CHECK(renamed.category.name == "technology");
    CHECK(renamed.notes == 2);
    CHECK(names(book.categories()) == std::vector<std::string>{"technology"});
    CHECK(book.show(id).category == "technology");
    CHECK(book.notes("technology", {}).size() == 2);
    CHECK_THROWS_AS(book.notes("tech", {}), NotFound);
}

TEST_CASE("Notebook::rename: onto an existing name is a Conflict and changes nothing") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    add(book, "a note", "tech");
    book.create("work");
    CHECK(message_of<Conflict>([&] { book.rename("tech", "work"); }) ==
          "a category named 'work' already exists");
    CHECK(names(book.categories()) == std::vector<std::string>{"tech", "work"});
    CHECK(book.notes("tech", {}).size() == 1);
}

TEST_CASE("Notebook::rename: to the same name, or to another case of it") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    add(book, "a note", "tech");
    const auto same = book.rename("tech", "tech");
    CHECK(same.category.name == "tech");
    CHECK(same.notes == 1);
    const auto upper = book.rename("tech", "Tech");
    CHECK(upper.category.name == "Tech");
    CHECK(names(book.categories()) == std::vector<std::string>{"Tech"});
}

TEST_CASE("Notebook::rename: a missing category is NotFound with a hint, bad names are Invalid") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.create("tech");
    CHECK(message_of<NotFound>([&] { book.rename("tehc", "x"); }) ==
          "no category named 'tehc' (did you mean 'tech'?)");
    CHECK_THROWS_AS(book.rename("tech", " x"), Invalid);
    CHECK_THROWS_AS(book.rename("tech", std::string(65, 'x')), Invalid);
    CHECK(names(book.categories()) == std::vector<std::string>{"tech"});
}

// ---- remove ----------------------------------------------------------------------------------

TEST_CASE("Notebook::remove: deletes the notes given") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto a = add(book, "a", "tech");
    const auto b = add(book, "b", "tech");
    const auto c = add(book, "c", "tech");
    CHECK(book.remove({a, c}) == std::vector<std::int64_t>{a, c});
    CHECK_THROWS_AS(book.show(a), NotFound);
    CHECK_THROWS_AS(book.show(c), NotFound);
    CHECK(book.show(b).note.text == "b");
    CHECK(book.categories().at(0).notes == 1);
    CHECK(book.remove({b, b}) == std::vector<std::int64_t>{b});
    CHECK(book.notes("tech", {}).empty());
}

TEST_CASE("Notebook::remove: all or nothing: one missing id removes none") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto a = add(book, "a", "tech");
    const auto b = add(book, "b", "tech");
    const auto missing = b + 100;
    CHECK(message_of<NotFound>([&] {
              book.remove({a, missing, b});
          }) == "no note with id " + std::to_string(missing));
    CHECK(book.show(a).note.text == "a");
    CHECK(book.show(b).note.text == "b");
    CHECK(book.notes("tech", {}).size() == 2);
}

// ---- drop ----------------------------------------------------------------------------------

TEST_CASE("Notebook::drop: empty categories go without --force") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.create("a");
    book.create("b");
    book.create("c");
    CHECK(book.drop({"a", "c", "a"}, false) == std::vector<std::string>{"a", "c"});
    CHECK(names(book.categories()) == std::vector<std::string>{"b"});
}

TEST_CASE("Notebook::drop: a category with notes needs --force, all or nothing") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.create("empty");
    add(book, "one", "single");
    add(book, "one", "full");
    add(book, "two", "full");
    CHECK(message_of<Conflict>([&] {
              book.drop({"empty", "full"}, false);
          }) == "category 'full' has 2 notes; use --force to delete them too");
    CHECK(message_of<Conflict>([&] { book.drop({"single"}, false); }) ==
          "category 'single' has 1 note; use --force to delete it too");
    CHECK(names(book.categories()) == std::vector<std::string>{"empty", "full", "single"});
    CHECK(message_of<NotFound>([&] {
              book.drop({"empty", "ful"}, true);
          }) == "no category named 'ful' (did you mean 'full'?)");
    CHECK(names(book.categories()) == std::vector<std::string>{"empty", "full", "single"});
    CHECK(book.notes("full", {}).size() == 2);
    CHECK_THROWS_AS(book.drop({"empty", "bad\n"}, true), Invalid);
    CHECK(names(book.categories()) == std::vector<std::string>{"empty", "full", "single"});
}

TEST_CASE("Notebook::drop: --force deletes the notes too") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto a = add(book, "sql one", "full");
    const auto b = add(book, "sql two", "full");
    const auto kept = add(book, "sql kept", "other");
    CHECK(book.show(a).note.text == "sql one");  // loaded before the drop
    CHECK(book.drop({"full"}, true) == std::vector<std::string>{"full"});
    CHECK(names(book.categories()) == std::vector<std::string>{"other"});
    CHECK_THROWS_AS(book.show(a), NotFound);
    CHECK_THROWS_AS(book.show(b), NotFound);
    CHECK(search_ids(book, "sql") == std::vector<std::int64_t>{kept});
    CHECK(nt::exported(book).size() == 1);
    CHECK(db.scalar("SELECT COUNT(*) FROM " + db.q("notes")) == 1);
    // The name is free again.
    CHECK(book.add("again", "full").created_category);
}

// ---- drop_all ---------------------------------------------------------------------------------

TEST_CASE("Notebook::drop_all: every table goes, the next operation starts a new notebook") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    add(book, "sql note", "tech");
    book.drop_all();
    CHECK_THROWS_AS(db.exec("SELECT COUNT(*) FROM " + db.q("notes")), orm::DatabaseError);
    CHECK_THROWS_AS(db.exec("SELECT COUNT(*) FROM " + db.q("categories")), orm::DatabaseError);
    CHECK_THROWS_AS(db.exec("SELECT COUNT(*) FROM " + db.q("notes_meta")), orm::DatabaseError);
    db.close_raw();
    CHECK(book.categories().empty());
    CHECK(book.search("sql", std::nullopt, std::nullopt).empty());
    const auto again = book.add("sql again", "tech");
    CHECK(again.created_category);
    CHECK(search_ids(book, "sql") == std::vector<std::int64_t>{again.note.note.id});
    // Dropping an empty database, twice, is fine.
    notes::Notebook fresh(db.url());
    fresh.drop_all();
    fresh.drop_all();
}

// ---- export -----------------------------------------------------------------------------------

TEST_CASE("Notebook::export: every note oldest first with its category, or one category's") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.import_notes(nt::records({
        rec("third", "b", "2022-01-01 00:00:00"),
        rec("first", "a", "2020-01-01 00:00:00", "2021-06-01 12:00:00"),
        rec("second", "b", "2021-01-01 00:00:00"),
        rec("second too", "a", "2021-01-01 00:00:00"),
    }));
    const auto all = nt::exported(book);
    REQUIRE(all.size() == 4);
    CHECK(all[0].note.text == "first");
    CHECK(all[0].category == "a");
    CHECK(all[0].note.created_at == nt::ts("2020-01-01 00:00:00"));
    CHECK(all[0].note.updated_at == nt::ts("2021-06-01 12:00:00"));
    CHECK(all[1].note.text == "second");  // same time as "second too", smaller id
    CHECK(all[1].category == "b");
    CHECK(all[2].note.text == "second too");
    CHECK(all[2].category == "a");
    CHECK(all[3].note.text == "third");
    CHECK(all[3].category == "b");
    CHECK(all[1].note.id < all[2].note.id);

    const auto b = nt::exported(book, std::string("b"));
    REQUIRE(b.size() == 2);
    CHECK(b[0].note.text == "second");
    CHECK(b[1].note.text == "third");
    CHECK(b[0].category == "b");

    book.create("empty");
    CHECK(nt::exported(book, std::string("empty")).empty());
    CHECK(message_of<NotFound>([&] { nt::exported(book, std::string("bb")); }) ==
          "no category named 'bb' (did you mean 'b'?)");
}

TEST_CASE("Notebook::export: an empty notebook exports nothing") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    CHECK(nt::exported(book).empty());
}

// ---- import -----------------------------------------------------------------------------------

TEST_CASE("Notebook::import: new ids, categories created or reused, timestamps kept") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    const auto existing = add(book, "already here", "tech");
    const auto count = book.import_notes(nt::records({
        rec("with both times", "tech", "2020-02-03 04:05:06", "2021-02-03 04:05:06"),
        rec("with created only", "new", "2019-01-01 00:00:00"),
        rec("with no time", "new"),
        rec("RFC 3339 time", "tech", "2018-07-08T09:10:11Z"),
    }));
    CHECK(count == 4);
    CHECK(names(book.categories()) == std::vector<std::string>{"new", "tech"});
    CHECK(book.categories()[0].notes == 2);
    CHECK(book.categories()[1].notes == 3);

    std::map<std::string, notes::NoteView> by_text;
    for (const auto& v : nt::exported(book))
        by_text[v.note.text] = v;
    REQUIRE(by_text.size() == 5);
    for (const auto& [text, v] : by_text) {
        CAPTURE(text);
        if (text != "already here") CHECK(v.note.id > existing);
    }
    CHECK(by_text["with both times"].note.created_at == nt::ts("2020-02-03 04:05:06"));
    CHECK(by_text["with both times"].note.updated_at == nt::ts("2021-02-03 04:05:06"));
    CHECK(by_text["with both times"].category == "tech");
    CHECK(by_text["with created only"].note.created_at == nt::ts("2019-01-01 00:00:00"));
    CHECK(by_text["with created only"].note.updated_at == nt::ts("2019-01-01 00:00:00"));
    CHECK(by_text["with created only"].category == "new");
    CHECK(recent(by_text["with no time"].note.created_at));
    CHECK(recent(by_text["with no time"].note.updated_at));
    CHECK(by_text["RFC 3339 time"].note.created_at == nt::ts("2018-07-08 09:10:11"));
    // Imported notes are searchable.
    CHECK(search_ids(book, "rfc") == std::vector<std::int64_t>{by_text["RFC 3339 time"].note.id});
}

TEST_CASE("Notebook::import: all or nothing, a bad record names its line") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    add(book, "kept", "tech");
    CHECK(message_of<Invalid>([&] {
              book.import_notes(nt::records({rec("fine", "newcat"), rec("also fine", "tech"),
                                             rec("  ", "tech"), rec("never read", "tech")}));
          }) == "line 3: note text must not be empty or only white space");
    CHECK(names(book.categories()) == std::vector<std::string>{"tech"});
    CHECK(nt::exported(book).size() == 1);

    const auto message = message_of<Invalid>([&] {
        auto bad = rec("text", "bad\tname");
        bad.line = 17;
        book.import_notes(nt::records({rec("fine", "tech"), bad}));
    });
    CHECK(message.rfind("line 17: category name 'bad\\tname'", 0) == 0);
    CHECK(nt::exported(book).size() == 1);
    CHECK(search_ids(book, "fine").empty());
}

TEST_CASE("Notebook::import: what export writes comes back the same in another notebook") {
    nt::TestDb db;
    std::vector<notes::ImportRecord> dump;
    {
        notes::Notebook book(db.url());
        book.import_notes(nt::records({
            rec("one", "a", "2020-01-01 00:00:00", "2020-01-02 00:00:00"),
            rec("two\nlines", "b", "2021-01-01 00:00:00"),
            rec("three 😀", "a", "2022-01-01 00:00:00"),
        }));
        book.export_notes(std::nullopt, [&](const notes::NoteView& v) {
            notes::ImportRecord r;
            r.text = v.note.text;
            r.category = v.category;
            r.created_at = v.note.created_at;
            r.updated_at = v.note.updated_at;
            dump.push_back(r);
        });
        book.drop_all();
    }
    notes::Notebook again(db.url());
    CHECK(again.import_notes(nt::records(dump)) == 3);
    const auto back = nt::exported(again);
    REQUIRE(back.size() == dump.size());
    for (std::size_t i = 0; i < back.size(); ++i) {
        CHECK(back[i].note.text == dump[i].text);
        CHECK(back[i].category == dump[i].category);
        CHECK(back[i].note.created_at == *dump[i].created_at);
        CHECK(back[i].note.updated_at == *dump[i].updated_at);
    }
}

TEST_CASE("Notebook::import: nothing to read imports nothing") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    CHECK(book.import_notes(nt::records({})) == 0);
    CHECK(book.categories().empty());
}

// ---- did you mean
// ---------------------------------------------------------------------------------

TEST_CASE("Notebook: NotFound for a category suggests the closest existing name") {
    nt::TestDb db;
    notes::Notebook book(db.url());
    book.create("tech");
    book.create("personal");
    CHECK(message_of<NotFound>([&] { book.notes("tecj", {}); }) ==
          "no category named 'tecj' (did you mean 'tech'?)");
    CHECK(message_of<NotFound>([&] { book.notes("Tech", {}); }) ==
          "no category named 'Tech' (did you mean 'tech'?)");
    CHECK(message_of<NotFound>([&] { book.notes("persnoal", {}); }) ==
          "no category named 'persnoal' (did you mean 'personal'?)");
    CHECK(message_of<NotFound>([&] { book.notes("zzzz", {}); }) == "no category named 'zzzz'");
    CHECK(message_of<NotFound>([&] { book.drop({"tehc"}, false); }) ==
          "no category named 'tehc' (did you mean 'tech'?)");
    CHECK(message_of<NotFound>([&] { book.notes("it's", {}); }) == "no category named 'it\\'s'");
}

// ---- validation before the database
// --------------------------------------------------------------------

TEST_CASE("Notebook: refused values never touch the database") {
    SKIP_UNLESS(nt::capabilities().file_database, "checks that no SQLite file is created");
    nt::TestDb db;
    notes::Notebook book(db.url());
    CHECK_THROWS_AS(book.create(""), Invalid);
    CHECK_THROWS_AS(book.create(" tech"), Invalid);
    CHECK_THROWS_AS(book.add("", "tech"), Invalid);
    CHECK_THROWS_AS(book.add("text", "bad\x7F"), Invalid);
    CHECK_THROWS_AS(book.notes("", {}), Invalid);
    CHECK_THROWS_AS(book.search("", std::nullopt, std::nullopt), Invalid);
    CHECK_THROWS_AS(book.search("sql", std::string("tech "), std::nullopt), Invalid);
    CHECK_THROWS_AS(book.edit(1, std::nullopt, std::nullopt), Invalid);
    CHECK_THROWS_AS(book.edit(1, std::string(""), std::nullopt), Invalid);
    CHECK_THROWS_AS(book.edit(1, std::nullopt, std::string("\xFF")), Invalid);
    CHECK_THROWS_AS(book.rename("a", ""), Invalid);
    CHECK_THROWS_AS(book.rename("\u3000a", "b"), Invalid);
    CHECK_THROWS_AS(book.drop({"ok", " bad"}, true), Invalid);
    CHECK_THROWS_AS(nt::exported(book, std::string("")), Invalid);
    CHECK_FALSE(std::filesystem::exists(db.file()));
    CHECK(book.describe().find(db.file().string()) != std::string::npos);
}

TEST_CASE("Notebook: sqlite:// in memory serves a whole session of operations") {
    SKIP_UNLESS(nt::capabilities().file_database, "an in-memory SQLite database");
    notes::Notebook book("sqlite://");
    const auto id = book.add("sqlalchemy is cool", "tech").note.note.id;
    CHECK(book.show(id).note.text == "sqlalchemy is cool");
    CHECK(nt::ids(book.search("sql", std::nullopt, std::nullopt)) == std::vector<std::int64_t>{id});
    book.rename("tech", "technology");
    CHECK(book.categories().at(0).category.name == "technology");
    CHECK(book.remove({id}) == std::vector<std::int64_t>{id});
    book.drop_all();
    CHECK(book.categories().empty());
}

// --------------------------------------------------------------------

TEST_CASE("Notebook::category_names: for completion, creating nothing") {
    nt::TestDb db;
    orm::EngineOptions options;
    options.create = false;
    {
        // No database yet (SQLite: no file; it stays so), or no table yet.
        notes::Notebook book(db.url(), options);
        CHECK(book.category_names("").empty());
        if (nt::capabilities().file_database) CHECK_FALSE(std::filesystem::exists(db.file()));
    }
    {
        notes::Notebook writer(db.url());
        for (const auto* name : {"travel", "tech", "Tea", "zebra", "two words"})
            writer.create(name);
    }
    notes::Notebook book(db.url(), options);
    CHECK(book.category_names("") ==
          std::vector<std::string>{"Tea", "tech", "travel", "two words", "zebra"});
    CHECK(book.category_names("t") == std::vector<std::string>{"tech", "travel", "two words"});
    CHECK(book.category_names("tw") == std::vector<std::string>{"two words"});
    CHECK(book.category_names("x").empty());
}
