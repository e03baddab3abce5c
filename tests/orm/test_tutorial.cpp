// The original tutorial (shared/docs/original-tutorial.txt) walked end to end
// with the test models, plus hostile input stored literally.
#include <doctest/doctest.h>

#include <string>

#include "backend.hpp"

using orm::c;
using test::Category;
using test::Note;

namespace {

// The tutorial's class methods, written against the ORM.
orm::Query<Category> search_by_name(orm::Session& s, const std::string& name) {
    return s.query<Category>().filter(c(&Category::name) == name);
}
std::shared_ptr<Category> find_by_name(orm::Session& s, const std::string& name) {
    return search_by_name(s, name).one();
}
orm::Query<Note> notes_of(orm::Session& s, const Category& category) {
    return orm::has_many(s, category, &Note::category_id);
}
// save_to_db(): add and commit; the tutorial prints the error, we rethrow it.
template <class T>
std::shared_ptr<T> save(orm::Session& s, T record) {
    auto object = s.add(std::move(record));
    s.commit();
    return object;
}

}  // namespace

TEST_CASE("tutorial: categories, notes and their relationship, end to end") {
    test::Db db;  // create_engine + create_all ("will skip already created tables")
    auto& session = db.session;

    // c = Category(name='tech'); c.save()
    auto tech = save(session, Category{.name = "tech"});
    CHECK(tech->id > 0);

    // "If you try creating a Category called 'tech' again, you'll run into an error."
    CHECK_THROWS_AS(save(session, Category{.name = "tech"}), orm::IntegrityError);
    CHECK(search_by_name(session, "tech").count() == 1);

    // n = Note(text="sqlalchemy is cool", category=c); n.save()
    auto note = save(session, Note{.text = "sqlalchemy is cool", .category_id = tech->id});
    CHECK(note->id > 0);

    // c.notes()
    auto notes = notes_of(session, *tech).all();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == note);
    CHECK(notes[0]->text == "sqlalchemy is cool");
    CHECK(orm::belongs_to<Category>(session, *note, &Note::category_id) == tech);

    // Category.find_by_name(name) -> .one()
    CHECK(find_by_name(session, "tech") == tech);
    CHECK_THROWS_AS(find_by_name(session, "cooking"), orm::NoResultFound);
    CHECK(search_by_name(session, "cooking").one_or_none() == nullptr);

    // Everything is really in the database: a new session sees it.
    session.commit();
    orm::Session other(*db.engine);
    auto tech_again = find_by_name(other, "tech");
    CHECK(tech_again->id == tech->id);
    CHECK(notes_of(other, *tech_again).filter(c(&Note::text).like("%cool%")).count() == 1);
    CHECK(other.query<Note>().search(&Note::text, {{"sqlalchemy"}}).one()->id == note->id);
}

TEST_CASE("tutorial: a hostile string is stored literally and the table survives") {
    test::Db db;
    const std::string hostile = "'); DROP TABLE ormt_categories; --";
    const std::string hostile_q = "\"); DROP TABLE \"ormt_notes\"; --";
    const std::string hostile_b = "`); DROP TABLE `ormt_notes`; --";
    auto cat = db.session.add(Category{.name = hostile});
    db.session.flush();
    db.session.add(Note{.text = hostile_q, .category_id = cat->id, .title = hostile_b});
    db.session.commit();

    CHECK(db.dialect().has_table(db.conn(), "ormt_categories"));
    CHECK(db.dialect().has_table(db.conn(), "ormt_notes"));
    orm::Session fresh(*db.engine);
    auto found = fresh.query<Category>().filter(c(&Category::name) == hostile).one();
    CHECK(found->name == hostile);
    CHECK(fresh.query<Category>()
              .filter(c(&Category::name).like(orm::like_escape(hostile)))
              .count() == 1);
    auto note = fresh.query<Note>().one();
    CHECK(note->text == hostile_q);
    CHECK(note->title == std::optional<std::string>(hostile_b));
    CHECK(fresh.query<Note>().search(&Note::text, {{hostile_q}}).count() == 1);
    CHECK(fresh.query<Note>().search(&Note::text, {{hostile}}).count() == 0);
    // Updated and deleted through the ORM, still literally.
    found->name = hostile + "!";
    fresh.commit();
    CHECK(test::scalar_text(db.conn(), "SELECT " + db.q("name") + " FROM " +
                                           db.q("ormt_categories")) == hostile + "!");
    CHECK(test::count_rows(db.conn(), "ormt_notes") == 1);
}
