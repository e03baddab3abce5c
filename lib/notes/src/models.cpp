#include "notes/models.hpp"

#include "notes/history.hpp"

namespace notes {

const orm::Table<Category>& Category::table() {
    static const orm::Table<Category> t =
        orm::Table<Category>("categories")
            .column("id", &Category::id, orm::primary_key)
            .column("name", &Category::name, orm::varchar{64}, orm::unique)
            .column("created_at", &Category::created_at, orm::default_now);
    return t;
}

const orm::Table<Note>& Note::table() {
    static const orm::Table<Note> t =
        orm::Table<Note>("notes")
            .column("id", &Note::id, orm::primary_key)
            .column("text", &Note::text, orm::fulltext)
            .column("category_id", &Note::category_id,
                    orm::references{"categories", "id", orm::OnDelete::Cascade},
                    // `notes list` reads these counts instead of counting every note.
                    orm::counted{"category_counts", "notes"})
            .column("created_at", &Note::created_at, orm::default_now)
            .column("updated_at", &Note::updated_at, orm::default_now, orm::update_now)
            // Serves "a category's notes, newest first" without a sort, and the
            // foreign key lookups.
            .index("ix_notes_category_created", {"category_id", "created_at", "id"})
            .index("ix_notes_created", {"created_at", "id"});
    return t;
}

orm::Query<Category> Category::search_by_name(orm::Session& session, const std::string& name) {
    return session.query<Category>().filter(orm::c(&Category::name) == name);
}

std::shared_ptr<Category> Category::find_by_name(orm::Session& session, const std::string& name) {
    return search_by_name(session, name).one();
}

orm::Query<Note> Category::notes(orm::Session& session) const {
    return orm::has_many(session, *this, &Note::category_id);
}

std::shared_ptr<Category> Note::category(orm::Session& session) const {
    return orm::belongs_to<Category>(session, *this, &Note::category_id);
}

const orm::MetaData& metadata() {
    static const orm::MetaData m = [] {
        orm::MetaData m;
        m.add<Category>().add<Note>();
        // The history's tables too, so that whatever creates or drops "every
        // table of the notebook" includes them.
        for (const auto* table : history_metadata().sorted_tables())
            m.add_table(*table);
        return m;
    }();
    return m;
}

}  // namespace notes
