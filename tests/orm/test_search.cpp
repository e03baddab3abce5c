// Full-text search (Query::search on an orm::fulltext column): word prefixes,
// case and accent folding, phrases, and hostile terms taken literally.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "backend.hpp"

using orm::c;
using orm::SearchTerm;
using test::Category;
using test::Note;

namespace {

struct Corpus : test::Db {
    std::shared_ptr<Category> cat, other;
    Corpus() {
        cat = session.add(Category{.name = "corpus"});
        other = session.add(Category{.name = "other"});
        session.flush();
        for (const char* text : {
                 "Caf\xC3\xA9 au lait in the morning",  // "Café au lait ..."
                 "the quick brown fox jumps",
                 "a brown and quick hare",
                 "SQLite is a small database engine",
                 "this AND that, NOT those",
                 "wow!!! what a day",
                 "100% sure about it",
                 "he said \"hello\" twice",
                 "snake_case names",
                 "NEAR the river bank",
             }) {
            session.add(Note{.text = text, .category_id = cat->id});
        }
        session.add(Note{.text = "a quick note elsewhere", .category_id = other->id});
        session.commit();
    }

    std::set<std::string> find(std::vector<SearchTerm> terms) {
        std::set<std::string> out;
        for (const auto& n : session.query<Note>().search(&Note::text, std::move(terms)).all())
            out.insert(n->text);
        return out;
    }
};

using S = std::set<std::string>;
const std::string cafe = "Caf\xC3\xA9 au lait in the morning";

}  // namespace

TEST_CASE("search: words and word prefixes") {
    Corpus db;
    CHECK(db.find({{"fox"}}) == S{"the quick brown fox jumps"});
    CHECK(db.find({{"sql"}}) == S{"SQLite is a small database engine"});  // prefix
    CHECK(db.find({{"datab"}}) == S{"SQLite is a small database engine"});
    CHECK(db.find({{"quick"}}) ==
          S{"the quick brown fox jumps", "a brown and quick hare", "a quick note elsewhere"});
    // Every term must match.
    CHECK(db.find({{"quick"}, {"fox"}}) == S{"the quick brown fox jumps"});
    CHECK(db.find({{"quick"}, {"zebra"}}).empty());
    CHECK(db.find({{"zebra"}}).empty());
    // Only a word's start matches, not its middle.
    CHECK(db.find({{"ite"}}).empty());
}

TEST_CASE("search: case and accent insensitive") {
    Corpus db;
    CHECK(db.find({{"cafe"}}) == S{cafe});
    CHECK(db.find({{"CAFE"}}) == S{cafe});
    CHECK(db.find({{"caf\xC3\xA9"}}) == S{cafe});  // "café"
    CHECK(db.find({{"CAF\xC3\x89"}}) == S{cafe});  // "CAFÉ"
    CHECK(db.find({{"sqlite"}}) == S{"SQLite is a small database engine"});
    CHECK(db.find({{"FOX"}}) == S{"the quick brown fox jumps"});
}

TEST_CASE("search: phrases match word for word, in order") {
    Corpus db;
    CHECK(db.find({{"quick brown", true}}) == S{"the quick brown fox jumps"});
    CHECK(db.find({{"brown quick", true}}).empty());
    CHECK(db.find({{"brown and quick", true}}) == S{"a brown and quick hare"});
    CHECK(db.find({{"quick brown", true}, {"jumps"}}) == S{"the quick brown fox jumps"});
}

TEST_CASE("search: quotes and FTS operators are literal terms") {
    Corpus db;
    CHECK(db.find({{"AND"}}) == S{"this AND that, NOT those", "a brown and quick hare"});
    // A word's start: "not" also finds "note".
    CHECK(db.find({{"NOT"}}) == S{"this AND that, NOT those", "a quick note elsewhere"});
    CHECK(db.find({{"NEAR"}}) == S{"NEAR the river bank"});
    CHECK(db.find({{"OR"}}).empty());
    CHECK(db.find({{"\"hello\""}}) == S{"he said \"hello\" twice"});
    CHECK(db.find({{"hello\""}}) == S{"he said \"hello\" twice"});
    CHECK(db.find({{"\"quick"}, {"fox"}}) == S{"the quick brown fox jumps"});
    for (const char* hostile : {"fox*", "(fox", "fox)", "-fox", "+fox", "^fox", "text:fox",
                                "fox AND", "fox OR zebra", "NEAR(fox", "{fox}", "fox'", "'fox"}) {
        CAPTURE(hostile);
        std::set<std::string> found;
        CHECK_NOTHROW(found = db.find({{hostile}}));
        CHECK(found.size() <= 1);
    }
    CHECK(db.find({{"fox OR zebra"}}).empty());  // not an OR: all three words must match
    CHECK(db.find({{"-fox"}}) == S{"the quick brown fox jumps"});  // not a NOT
}

TEST_CASE("search: punctuation-only terms match literally") {
    Corpus db;
    CHECK(db.find({{"!!!"}}) == S{"wow!!! what a day"});
    CHECK(db.find({{"%"}}) == S{"100% sure about it"});  // not a LIKE wildcard
    CHECK(db.find({{"_"}}) == S{"snake_case names"});
    CHECK(db.find({{"\""}}) == S{"he said \"hello\" twice"});
    CHECK(db.find({{"!!!"}, {"wow"}}) == S{"wow!!! what a day"});
    CHECK(db.find({{"!!!"}, {"fox"}}).empty());
    CHECK(db.find({{"#"}}).empty());
}

TEST_CASE("search: combines with filters, count and ordering by relevance") {
    Corpus db;
    auto in_corpus = db.session.query<Note>()
                         .filter(c(&Note::category_id) == db.cat->id)
                         .search(&Note::text, {{"quick"}});
    CHECK(in_corpus.count() == 2);
    CHECK(in_corpus.all().size() == 2);
    CHECK(db.session.query<Note>().search(&Note::text, {{"quick"}}).count() == 3);
    CHECK(db.session.query<Note>().search(&Note::text, {{"quick"}}).limit(1).all().size() == 1);
    // No terms: no full-text condition.
    CHECK(db.session.query<Note>().search(&Note::text, {}).count() == 11);
    // A note that mentions the word twice ranks first.
    db.session.add(Note{.text = "quick quick quick", .category_id = db.cat->id});
    db.session.commit();
    auto best = db.session.query<Note>().search(&Note::text, {{"quick"}}).first();
    REQUIRE(best);
    CHECK(best->text == "quick quick quick");
}

TEST_CASE("search: the index follows inserts, updates and deletes") {
    Corpus db;
    auto fox = db.session.query<Note>().search(&Note::text, {{"fox"}}).one();
    fox->text = "the slow green turtle";
    db.session.commit();
    CHECK(db.find({{"fox"}}).empty());
    CHECK(db.find({{"turtle"}}) == S{"the slow green turtle"});
    db.session.remove(fox);
    db.session.commit();
    CHECK(db.find({{"turtle"}}).empty());
    db.session.add(Note{.text = "a new zebra", .category_id = db.cat->id});
    db.session.commit();
    CHECK(db.find({{"zebra"}}) == S{"a new zebra"});
    // A category deleted with its notes (ON DELETE CASCADE) leaves no hits behind.
    db.session.remove(db.other);
    db.session.commit();
    CHECK(db.find({{"elsewhere"}}).empty());
}
