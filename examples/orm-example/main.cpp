// A small library catalogue on the notes ORM: two models with a foreign key,
// schema creation, inserts in one transaction, typed queries, a relationship
// loaded eagerly, an update and a delete. Prints what it finds, one line each.
//
//   library [DATABASE_URL]     default: sqlite:// (in memory)
#include <orm/orm.hpp>

#include <cstdint>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

struct Author {
    std::int64_t id = 0;
    std::string name;
    std::optional<int> born;  // NULL when unknown

    static const orm::Table<Author>& table() {
        static const orm::Table<Author> t =
            orm::Table<Author>("authors")
                .column("id", &Author::id, orm::primary_key)
                .column("name", &Author::name, orm::varchar{100}, orm::unique)
                .column("born", &Author::born);
        return t;
    }
};

struct Book {
    std::int64_t id = 0;
    std::string title;
    int year = 0;
    std::int64_t author_id = 0;
    bool borrowed = false;

    static const orm::Table<Book>& table() {
        static const orm::Table<Book> t =
            orm::Table<Book>("books")
                .column("id", &Book::id, orm::primary_key)
                .column("title", &Book::title, orm::varchar{200})
                .column("year", &Book::year, orm::indexed)
                .column("author_id", &Book::author_id,
                        orm::references{"authors", "id", orm::OnDelete::Cascade}, orm::indexed)
                .column("borrowed", &Book::borrowed, orm::default_value{std::int64_t{0}});
        return t;
    }
};

int main(int argc, char** argv) try {
    using orm::c;
    auto engine = orm::create_engine(argc > 1 ? argv[1] : "sqlite://");
    orm::MetaData schema;
    schema.add<Author>().add<Book>();
    schema.create_all(engine->connection());

    orm::Session session(*engine);
    {
        auto tx = session.begin();
        auto le_guin = session.add(Author{.name = "Ursula K. Le Guin", .born = 1929});
        auto lem = session.add(Author{.name = "Stanisław Lem", .born = 1921});
        auto anon = session.add(Author{.name = "Anonymous", .born = std::nullopt});
        session.flush();  // the authors get their ids
        session.add(Book{.title = "A Wizard of Earthsea", .year = 1968, .author_id = le_guin->id});
        session.add(Book{.title = "The Dispossessed", .year = 1974, .author_id = le_guin->id});
        session.add(Book{.title = "Solaris", .year = 1961, .author_id = lem->id});
        session.add(Book{.title = "The Cyberiad", .year = 1965, .author_id = lem->id});
        session.add(Book{.title = "Beowulf", .year = 1000, .author_id = anon->id});
        tx.commit();
    }

    std::cout << "authors: " << session.query<Author>().count() << "\n";
    std::cout << "books: " << session.query<Book>().count() << "\n";

    // Books of the 1960s with their authors: two statements, not one per book.
    auto sixties = session.query<Book>()
                       .filter(c(&Book::year) >= 1960 && c(&Book::year) < 1970)
                       .order_by(c(&Book::year).asc())
                       .all();
    orm::preload<Author>(session, sixties, &Book::author_id);
    for (const auto& book : sixties) {
        auto author = orm::belongs_to<Author>(session, *book, &Book::author_id);
        std::cout << "1960s: " << book->year << " " << book->title << " by " << author->name
                  << "\n";
    }

    auto lem = session.query<Author>().filter(c(&Author::name) == "Stanisław Lem").one();
    for (const auto& book :
         orm::has_many(session, *lem, &Book::author_id).order_by(c(&Book::title).asc()).all())
        std::cout << "by Lem: " << book->title << "\n";

    // Unit of work: change a tracked object, commit, read it back.
    {
        auto tx = session.begin();
        auto solaris = session.query<Book>().filter(c(&Book::title) == "Solaris").one();
        solaris->borrowed = true;
        tx.commit();
    }
    for (const auto& book : session.query<Book>().filter(c(&Book::borrowed) == true).all())
        std::cout << "borrowed: " << book->title << "\n";

    auto unknown = session.query<Author>().filter(c(&Author::born).is_null()).all();
    for (const auto& author : unknown)
        std::cout << "born unknown: " << author->name << "\n";

    for (const auto& [author_id, n] : session.query<Book>().count_by(&Book::author_id))
        std::cout << "books of " << session.get<Author>(author_id)->name << ": " << n << "\n";

    // Deleting an author deletes its books (ON DELETE CASCADE).
    {
        auto tx = session.begin();
        session.remove(unknown.front());
        tx.commit();
    }
    std::cout << "books after removing Anonymous: " << session.query<Book>().count() << "\n";

    // The ORM's errors are types: a second "Solaris" author breaks UNIQUE.
    try {
        auto tx = session.begin();
        session.add(Author{.name = "Stanisław Lem", .born = 1921});
        tx.commit();
    } catch (const orm::IntegrityError& e) {
        std::cout << "duplicate author refused: IntegrityError\n";
    }
    return 0;
} catch (const std::exception& e) {
    std::cerr << "library: " << e.what() << "\n";
    return 1;
}
