#include "notes/notebook.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <thread>
#include <unordered_map>

#include "notes/errors.hpp"
#include "notes/schema.hpp"
#include "notes/search.hpp"
#include "notes/suggest.hpp"
#include "notes/validate.hpp"
#include "orm/orm.hpp"

namespace notes {

using orm::c;

struct Notebook::Impl {
    std::unique_ptr<orm::Engine> engine;
    std::unique_ptr<orm::Session> session;
    bool schema_ready = false;
    std::string user = "unknown";

    StepRecorder record(orm::Session& s, std::string command) const {
        return StepRecorder(s, user, std::move(command));
    }

    orm::Session& open(bool with_schema = true) {
        if (!session) session = std::make_unique<orm::Session>(*engine);
        if (with_schema && !schema_ready) {
            ensure_schema(*session);
            schema_ready = true;
        }
        return *session;
    }

    // Runs `work` as one transaction. A transient failure (another writer held
    // the lock past the busy timeout, a deadlock, a server gone away before
    // COMMIT) rolled the transaction back, so `work` runs again, a few times
    // before giving up; `may_retry` says whether it can still be run again
    // (not once it has written output). A lost COMMIT (orm::CommitUnknown) is
    // never transient: the change may have been applied.
    template <class Work>
    auto transact(bool write, Work&& work, bool with_schema = true) {
        return attempt(write ? Access::write : Access::read, std::forward<Work>(work), with_schema,
                       [] { return true; });
    }

    enum class Access { read, write, snapshot };

    // Commits; a reader whose connection went during COMMIT has read all it
    // wanted and changed nothing, so that is no failure for it.
    static void end(orm::Transaction& tx, Access access) {
        try {
            tx.commit();
        } catch (const orm::CommitUnknown&) {
            if (access == Access::write) throw;
        }
    }

    template <class Work, class MayRetry>
    auto attempt(Access access, Work&& work, bool with_schema, MayRetry&& may_retry) {
        constexpr int attempts = 4;
        for (int attempt = 1;; ++attempt) {
            try {
                auto& s = open(with_schema);
                // Each operation reads afresh: objects tracked by an earlier one may
                // be stale (rows deleted by drop --force's bulk delete, or changed by
                // another program since).
                s.expunge_all();
                auto tx = access == Access::snapshot ? s.begin_snapshot()
                                                     : s.begin(access == Access::write);
                if constexpr (std::is_void_v<decltype(work(s))>) {
                    work(s);
                    end(tx, access);
                    return;
                } else {
                    auto result = work(s);
                    end(tx, access);
                    return result;
                }
            } catch (const orm::DatabaseError& e) {
                if (!e.transient() || attempt == attempts || !may_retry()) throw;
                spdlog::info("retrying after a transient database error: {}", e.what());
                if (session) session->expunge_all();
                // On a fresh connection: the old one may be the thing that failed
                // (a server that went away), and its transaction has ended.
                session.reset();
                engine->dispose();
                std::this_thread::sleep_for(std::chrono::milliseconds(20 << attempt));
            }
        }
    }

    // The category named `name`, or NotFound with the closest existing name.
    static std::shared_ptr<Category> require_category(orm::Session& s, const std::string& name) {
        if (auto found = Category::search_by_name(s, name).one_or_none()) return found;
        std::vector<std::string> names;
        // By name, so that a tie between two equally close names is always decided alike.
        for (const auto& category : s.query<Category>().order_by(c(&Category::name).asc()).stream())
            names.push_back(category.name);
        std::string message = fmt::format("no category named {}", quote_value(name));
        if (auto hint = closest(name, names))
            message += fmt::format(" (did you mean {}?)", quote_value(*hint));
        throw NotFound(message);
    }

    static std::shared_ptr<Note> require_note(orm::Session& s, std::int64_t id) {
        if (auto note = s.get<Note>(id)) return note;
        throw NotFound(fmt::format("no note with id {}", id));
    }

    static NoteView view(orm::Session& s, const Note& note) {
        auto category = note.category(s);
        return NoteView{note, category ? category->name : std::string{}};
    }

    // Category names by id, for rows of many categories: one statement.
    static std::unordered_map<std::int64_t, std::string> category_names(orm::Session& s) {
        std::unordered_map<std::int64_t, std::string> out;
        for (const auto& category : s.query<Category>().stream())
            out.emplace(category.id, category.name);
        return out;
    }

    // The names of these categories only, when they are few (a page of
    // search hits names a handful of the thousands a notebook may have).
    static std::unordered_map<std::int64_t, std::string> category_names(
        orm::Session& s, std::vector<std::int64_t> ids) {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        if (ids.size() > 100) return category_names(s);  // no IN list of thousands
        std::unordered_map<std::int64_t, std::string> out;
        for (const auto& category : s.query<Category>().filter(c(&Category::id).in(ids)).stream())
            out.emplace(category.id, category.name);
        return out;
    }

    // A note's category name from `names`; empty, as in view(), for a note whose
    // category another program deleted without foreign key checks.
    static std::string name_of(const std::unordered_map<std::int64_t, std::string>& names,
                               std::int64_t id) {
        const auto it = names.find(id);
        return it == names.end() ? std::string{} : it->second;
    }
};

Notebook::Notebook(const std::string& url, orm::EngineOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->engine = orm::create_engine(url, options);
}

Notebook::~Notebook() = default;

std::vector<std::string> Notebook::files() const {
    return impl_->engine->url().local_files();
}

std::string Notebook::describe() const {
    return impl_->engine->url().redacted();
}

std::vector<std::string> Notebook::category_names(const std::string& prefix) {
    auto& engine = *impl_->engine;
    if (!engine.database_exists() || !engine.has_table(Category::table().name())) return {};
    return impl_->transact(
        false,
        [&](orm::Session& s) {
            // SELECT name, COUNT(*) ... GROUP BY name: the name column only.
            std::vector<std::string> names;
            for (auto& [name, count] : s.query<Category>().count_by(&Category::name))
                if (name.starts_with(prefix)) names.push_back(std::move(name));
            std::sort(names.begin(), names.end());
            return names;
        },
        /*with_schema=*/false);
}

void Notebook::set_user(std::string user) {
    impl_->user = std::move(user);
}

namespace {

// "'a', 'b' and 'c'"; long lists end in "and N more".
template <class T, class Show>
std::string list_of(const std::vector<T>& items, Show show) {
    constexpr std::size_t shown = 5;
    const bool all = items.size() <= shown + 1;
    const auto n = all ? items.size() : shown;
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) out += all && i + 1 == n ? " and " : ", ";
        out += show(items[i]);
    }
    if (!all) out += fmt::format(" and {} more", items.size() - n);
    return out;
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

void Notebook::init() {
    impl_->transact(false, [](orm::Session&) {});
}

Category Notebook::create(const std::string& name) {
    validate_category_name(name);
    return impl_->transact(true, [&](orm::Session& s) {
        if (Category::search_by_name(s, name).one_or_none())
            throw Conflict(fmt::format("a category named {} already exists", quote_value(name)));
        auto category = s.add(Category{.id = 0, .name = name, .created_at = {}});
        s.flush();
        auto step = impl_->record(s, "create");
        step.wrote(*category);
        step.finish(fmt::format("created category {}", quote_value(name)));
        return *category;
    });
}

Notebook::Added Notebook::add(const std::string& text, const std::string& category) {
    validate_note_text(text);
    validate_category_name(category);
    auto once = [&] {
        return impl_->transact(true, [&](orm::Session& s) {
            Added out;
            auto parent = Category::search_by_name(s, category).one_or_none();
            if (!parent) {
                parent = s.add(Category{.id = 0, .name = category, .created_at = {}});
                out.created_category = true;
            }
            s.flush();
            auto note = s.add(Note{.id = 0,
                                   .text = text,
                                   .category_id = parent->id,
                                   .created_at = {},
                                   .updated_at = {}});
            s.flush();
            out.note = NoteView{*note, parent->name};
            auto step = impl_->record(s, "add");
            if (out.created_category) step.wrote(*parent);
            step.wrote(*note);
            step.finish(fmt::format("added note {} to {}{}", note->id, quote_value(parent->name),
                                    out.created_category ? " (new category)" : ""));
            return out;
        });
    };
    try {
        return once();
    } catch (const orm::IntegrityError&) {
        // Another writer created the same category at the same moment (possible
        // where writers do not take the lock up front, as on MySQL): it exists now.
        return once();
    }
}

std::vector<CategoryView> Notebook::categories() {
    return impl_->transact(false, [&](orm::Session& s) {
        std::unordered_map<std::int64_t, std::int64_t> counts;
        for (const auto& [id, n] : s.query<Note>().count_by(&Note::category_id))
            counts[id] = n;
        std::vector<CategoryView> out;
        for (const auto& category :
             s.query<Category>().order_by(c(&Category::name).asc()).stream()) {
            const auto it = counts.find(category.id);
            out.push_back(CategoryView{category, it == counts.end() ? 0 : it->second});
        }
        return out;
    });
}

std::vector<NoteView> Notebook::notes(const std::string& category, const ListOptions& options) {
    validate_category_name(category);
    return impl_->transact(false, [&](orm::Session& s) {
        const auto parent = Impl::require_category(s, category);
        auto query = parent->notes(s);
        if (options.oldest_first)
            query.order_by(c(&Note::created_at).asc()).order_by(c(&Note::id).asc());
        else
            query.order_by(c(&Note::created_at).desc()).order_by(c(&Note::id).desc());
        if (options.limit) query.limit(*options.limit);
        std::vector<NoteView> out;
        for (const auto& note : query.stream())
            out.push_back(NoteView{note, parent->name});
        return out;
    });
}

NoteView Notebook::show(std::int64_t id) {
    return impl_->transact(
        false, [&](orm::Session& s) { return Impl::view(s, *Impl::require_note(s, id)); });
}

std::vector<SearchHit> Notebook::search(const std::string& query,
                                        const std::optional<std::string>& category,
                                        std::optional<std::int64_t> limit) {
    const auto terms = parse_query(query);
    if (category) validate_category_name(*category);
    return impl_->transact(false, [&](orm::Session& s) {
        auto q = s.query<Note>().search(&Note::text, terms);
        if (category) q.filter(c(&Note::category_id) == Impl::require_category(s, *category)->id);
        q.order_by(c(&Note::created_at).desc()).order_by(c(&Note::id).desc());
        if (limit) q.limit(*limit);
        std::vector<SearchHit> out;
        for (const auto& note : q.stream())
            out.push_back(SearchHit{NoteView{note, {}}, {}});
        if (out.empty()) return out;
        std::vector<std::int64_t> ids;
        for (const auto& hit : out)
            ids.push_back(hit.note.note.category_id);
        const auto names = Impl::category_names(s, std::move(ids));
        for (auto& hit : out) {
            hit.note.category = Impl::name_of(names, hit.note.note.category_id);
            hit.snippet = make_snippet(hit.note.note.text, terms);
        }
        return out;
    });
}

NoteView Notebook::edit(std::int64_t id, const std::optional<std::string>& text,
                        const std::optional<std::string>& category) {
    if (!text && !category) throw Invalid("nothing to change: give the new text or -c NAME");
    if (text) validate_note_text(*text);
    if (category) validate_category_name(*category);
    return impl_->transact(true, [&](orm::Session& s) {
        auto note = Impl::require_note(s, id);
        auto step = impl_->record(s, "edit");
        step.keep(*note);
        const auto moved_from = note->category_id;
        if (category) note->category_id = Impl::require_category(s, *category)->id;
        if (text) note->text = *text;
        s.flush();
        step.wrote(*note);
        auto out = Impl::view(s, *note);
        if (note->category_id != moved_from)
            step.finish(fmt::format("{} note {}, moved to {}", text ? "edited" : "moved", id,
                                    quote_value(out.category)));
        else
            step.finish(fmt::format("edited note {}", id));
        return out;
    });
}

CategoryView Notebook::rename(const std::string& from, const std::string& to) {
    validate_category_name(from);
    validate_category_name(to);
    return impl_->transact(true, [&](orm::Session& s) {
        auto category = Impl::require_category(s, from);
        if (from != to) {
            if (Category::search_by_name(s, to).one_or_none())
                throw Conflict(fmt::format("a category named {} already exists", quote_value(to)));
            auto step = impl_->record(s, "rename");
            step.keep(*category);
            category->name = to;
            s.flush();
            step.wrote(*category);
            step.finish(
                fmt::format("renamed category {} to {}", quote_value(from), quote_value(to)));
        }
        return CategoryView{*category, category->notes(s).count()};
    });
}

std::vector<std::int64_t> Notebook::remove(const std::vector<std::int64_t>& ids) {
    std::vector<std::int64_t> unique;
    for (auto id : ids)
        if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
    return impl_->transact(true, [&](orm::Session& s) {
        std::vector<std::shared_ptr<Note>> found;
        for (auto id : unique)
            found.push_back(Impl::require_note(s, id));
        auto step = impl_->record(s, "rm");
        for (const auto& note : found) {
            step.keep(*note);
            s.remove(note);
        }
        s.flush();
        step.finish(
            fmt::format("removed note{} {}", unique.size() == 1 ? "" : "s",
                        list_of(unique, [](std::int64_t id) { return std::to_string(id); })));
        return unique;
    });
}

std::vector<std::string> Notebook::drop(const std::vector<std::string>& names, bool force) {
    std::vector<std::string> unique;
    for (const auto& name : names) {
        validate_category_name(name);
        if (std::find(unique.begin(), unique.end(), name) == unique.end()) unique.push_back(name);
    }
    return impl_->transact(true, [&](orm::Session& s) {
        std::vector<std::shared_ptr<Category>> found;
        std::vector<std::int64_t> counts;
        for (const auto& name : unique) {
            auto category = Impl::require_category(s, name);
            const auto count = category->notes(s).count();
            counts.push_back(count);
            if (count > 0 && !force)
                throw Conflict(fmt::format(
                    "category {} has {} note{}; use --force to delete {} too", quote_value(name),
                    count, count == 1 ? "" : "s", count == 1 ? "it" : "them"));
            found.push_back(std::move(category));
        }
        auto step = impl_->record(s, "drop");
        std::int64_t notes = 0;
        for (std::size_t i = 0; i < found.size(); ++i) {
            step.keep(*found[i]);
            if (counts[i] > 0) step.keep_notes_of(found[i]->id);
            notes += counts[i];
        }
        for (const auto& category : found) {
            category->notes(s).delete_all();
            s.remove(category);
        }
        s.flush();
        step.finish(
            fmt::format("dropped categor{} {}{}", unique.size() == 1 ? "y" : "ies",
                        list_of(unique, [](const std::string& n) { return quote_value(n); }),
                        notes > 0 ? " with " + plural(notes, "note", "notes") : ""));
        return unique;
    });
}

void Notebook::drop_all() {
    // No schema check first: a notebook from a newer program can be dropped too.
    impl_->transact(
        true, [](orm::Session& s) { drop_schema(s); }, false);
    impl_->schema_ready = false;
}

void Notebook::export_notes(const std::optional<std::string>& category,
                            const std::function<void(const NoteView&)>& sink) {
    if (category) validate_category_name(*category);
    // One snapshot for the names and the notes (a category created meanwhile
    // cannot leave a note without its name), and no second run once a line
    // is out: the sink cannot take lines back.
    bool written = false;
    impl_->attempt(
        Impl::Access::snapshot,
        [&](orm::Session& s) {
            auto query = s.query<Note>();
            std::unordered_map<std::int64_t, std::string> names;
            if (category) {
                const auto parent = Impl::require_category(s, *category);
                query.filter(c(&Note::category_id) == parent->id);
                names.emplace(parent->id, parent->name);
            } else {
                names = Impl::category_names(s);
            }
            query.order_by(c(&Note::created_at).asc()).order_by(c(&Note::id).asc());
            NoteView view;
            for (const auto& note : query.stream()) {
                view.note = note;
                view.category = Impl::name_of(names, note.category_id);
                written = true;
                sink(view);
            }
        },
        true, [&] { return !written; });
}

std::int64_t Notebook::import_notes(ImportSource& source) {
    return impl_->transact(true, [&](orm::Session& s) {
        source.rewind();  // a retry reads the records again, from the first
        std::unordered_map<std::string, std::int64_t> ids;
        for (const auto& category : s.query<Category>().stream())
            ids.emplace(category.name, category.id);
        std::int64_t count = 0, new_categories = 0;
        auto step = impl_->record(s, "import");
        orm::BulkLoad load(s, Note::table());
        while (auto record = source.next()) {
            try {
                validate_note_text(record->text);
                validate_category_name(record->category);
                for (const auto& time : {record->created_at, record->updated_at})
                    if (time && !time->representable())
                        throw Invalid(fmt::format("{} is out of range: years 0001 to 9999 only",
                                                  time->year_utc()));
            } catch (const Invalid& e) {
                throw Invalid(fmt::format("line {}: {}", record->line, e.what()));
            }
            auto [it, fresh] = ids.try_emplace(record->category, 0);
            if (fresh) {
                Category category{.id = 0, .name = record->category, .created_at = {}};
                s.insert(category);
                step.wrote(category);
                ++new_categories;
                it->second = category.id;
            }
            Note note{.id = 0,
                      .text = std::move(record->text),
                      .category_id = it->second,
                      .created_at = record->created_at.value_or(orm::Timestamp{}),
                      .updated_at = record->updated_at.value_or(
                          record->created_at.value_or(orm::Timestamp{}))};
            s.insert(note);
            step.wrote(note);
            ++count;
        }
        load.finish();
        // An empty input changed nothing: no step.
        if (count > 0)
            step.finish(fmt::format(
                "imported {}{}", plural(count, "note", "notes"),
                new_categories > 0 ? ", " + plural(new_categories, "new category", "new categories")
                                   : ""));
        return count;
    });
}

std::vector<Step> Notebook::history(std::optional<std::int64_t> limit) {
    return impl_->transact(false, [&](orm::Session& s) { return list_steps(s, limit); });
}

Step Notebook::undo() {
    return impl_->transact(true, [&](orm::Session& s) { return undo_step(s, impl_->user); });
}

}  // namespace notes
