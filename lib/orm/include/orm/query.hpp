#pragma once
// Typed queries over one model, SQLAlchemy style:
//
//   auto tech = session.query<Category>().filter(c(&Category::name) == "tech").one();
//   for (const Note& n : session.query<Note>().order_by(c(&Note::id).asc()).stream()) ...
//
// all(), first(), one() and one_or_none() return objects tracked by the
// session's identity map (the same object for the same row). stream() reads
// rows one at a time into plain values that the session does not track, so
// memory stays flat however many rows there are.
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "orm/dialect/dialect.hpp"
#include "orm/expr.hpp"
#include "orm/model.hpp"
#include "orm/statement.hpp"

namespace orm {

class Session;
class SqlCompiler;
struct Selection;

// One `column = value` of update_all(), or a fixed value of insert_into();
// made by orm::set(&T::member, value).
struct Assignment {
    const TableDef* table;
    std::size_t column;
    Value value;
};

template <Model T, Field M>
Assignment set(M T::*member, const std::type_identity_t<M>& value) {
    return Assignment{&T::table(), T::table().index_of(member), FieldTraits<M>::to_value(value)};
}

// The non-template part of every query: clauses and their SQL.
class QueryBase {
  public:
    const TableDef& table() const { return *table_; }
    // The SELECT this query runs, with its parameters (for tests and logs).
    std::pair<std::string, std::vector<Value>> select_sql() const;
    std::int64_t count() const;
    // Deletes the matching rows with one statement; returns how many.
    // Tracked objects for those rows are not updated: use Session::remove for them.
    std::int64_t delete_all() const;
    // Sets columns of the matching rows with one statement, exactly to the
    // values given (update_now columns too, only when given); returns how many.
    // Values are not validated against the declaration; tracked objects are
    // not updated.
    std::int64_t update_all(const std::vector<Assignment>& values) const;
    // Copies the matching rows into table `target` with one INSERT … SELECT,
    // the rows never leaving the database. Each column of `target` named in
    // `values` gets that value; every other one that has a same-named column
    // here gets that column's value (a primary key too: the copies keep their
    // ids); the rest get their defaults. Returns the rows copied.
    std::int64_t insert_into(const TableDef& target, const std::vector<Assignment>& values) const;

  protected:
    QueryBase(Session& session, const TableDef& table);

    void add_filter(Expr expr);
    void add_order(OrderBy order);
    void set_search(std::size_t column, std::vector<SearchTerm> terms);
    // `borrow`: this query outlives the statement's use (bound without copies).
    StatementHandle execute(std::optional<std::int64_t> limit_override = {},
                            bool borrow = false) const;
    std::vector<std::shared_ptr<void>> fetch(std::optional<std::int64_t> limit) const;
    std::shared_ptr<void> fetch_one(bool must_exist) const;
    std::vector<std::pair<Value, std::int64_t>> count_by(std::size_t column) const;

    Session* session_;
    const TableDef* table_;
    Expr where_;  // every filter, joined with AND
    bool filtered_ = false;
    std::vector<OrderBy> order_;
    std::optional<std::int64_t> limit_, offset_;
    std::optional<std::pair<std::size_t, std::vector<SearchTerm>>> search_;

  private:
    // The rows this query selects, for the compiler; `match` keeps the
    // full-text condition alive while the selection is used.
    Selection selection(std::optional<FulltextMatch>& match,
                        std::optional<std::int64_t> limit) const;
    // The filtered rows, for statements that change them (no search).
    Selection filters_only(std::string_view what) const;
    std::span<const Expr> filters() const { return {&where_, filtered_ ? 1u : 0u}; }
    const SqlCompiler& compiler() const;
    std::pair<std::string, std::vector<Value>> select_sql(std::optional<std::int64_t> limit) const;
};

// Rows read one at a time; a single pass (an input range).
template <class T>
class Rows {
  public:
    class iterator {
      public:
        using iterator_category = std::input_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        iterator() = default;
        explicit iterator(Rows* rows) : rows_(rows) { advance(); }
        const T& operator*() const { return rows_->current_; }
        const T* operator->() const { return &rows_->current_; }
        iterator& operator++() {
            advance();
            return *this;
        }
        void operator++(int) { advance(); }
        bool operator==(const iterator& other) const { return rows_ == other.rows_; }

      private:
        void advance() {
            if (rows_->statement_->step()) {
                T::table().load_row(&rows_->current_, *rows_->statement_);
            } else {
                rows_ = nullptr;
            }
        }
        Rows* rows_ = nullptr;
    };

    explicit Rows(StatementHandle statement) : statement_(std::move(statement)) {}
    iterator begin() { return iterator(this); }
    iterator end() { return iterator(); }

  private:
    StatementHandle statement_;
    T current_{};
};

// (Not constrained on Model, so that a model can return a query of a model
// declared after it, as Category::notes() does.)
template <class T>
class Query : public QueryBase {
  public:
    explicit Query(Session& session) : QueryBase(session, T::table()) {
        static_assert(Model<T>, "orm: Query<T> needs a model: static const orm::Table<T>& table()");
    }

    // On a temporary (`return session.query<T>().filter(...)`) each of these
    // hands the query on by move rather than copying its expressions.
    Query& filter(Expr condition) & {
        add_filter(std::move(condition));
        return *this;
    }
    Query&& filter(Expr condition) && { return std::move(filter(std::move(condition))); }
    Query& order_by(OrderBy order) & {
        add_order(std::move(order));
        return *this;
    }
    Query&& order_by(OrderBy order) && { return std::move(order_by(std::move(order))); }
    Query& limit(std::int64_t n) & {
        limit_ = n;
        return *this;
    }
    Query&& limit(std::int64_t n) && { return std::move(limit(n)); }
    Query& offset(std::int64_t n) & {
        offset_ = n;
        return *this;
    }
    Query&& offset(std::int64_t n) && { return std::move(offset(n)); }
    // Full-text search on a column declared orm::fulltext: every term must
    // match (a word or the start of one, ignoring case and accents; a phrase
    // word for word). Orders by relevance, best first, before any order_by().
    template <Field M>
    Query& search(M T::*member, std::vector<SearchTerm> terms) & {
        set_search(T::table().index_of(member), std::move(terms));
        return *this;
    }
    template <Field M>
    Query&& search(M T::*member, std::vector<SearchTerm> terms) && {
        return std::move(search(member, std::move(terms)));
    }

    std::vector<std::shared_ptr<T>> all() const { return cast(fetch(limit_)); }
    std::shared_ptr<T> first() const {
        auto rows = fetch(1);
        return rows.empty() ? nullptr : std::static_pointer_cast<T>(rows.front());
    }
    // Exactly one row: NoResultFound / MultipleResultsFound otherwise.
    std::shared_ptr<T> one() const { return std::static_pointer_cast<T>(fetch_one(true)); }
    // One row or nullptr; MultipleResultsFound for several.
    std::shared_ptr<T> one_or_none() const { return std::static_pointer_cast<T>(fetch_one(false)); }
    Rows<T> stream() const { return Rows<T>(execute()); }

    // The matching rows copied into model Target (see QueryBase::insert_into).
    template <class Target>
    std::int64_t insert_into(const std::vector<Assignment>& values = {}) const {
        static_assert(Model<Target>, "orm: insert_into<Target> needs a model as the target");
        return QueryBase::insert_into(Target::table(), values);
    }

    // Matching rows counted per value of `member`: SELECT m, COUNT(*) ... GROUP BY m.
    // Without filter or search, on a column declared orm::counted, it reads
    // the counter's table instead: the cost of the distinct values, not of the rows.
    template <Field M>
    std::vector<std::pair<M, std::int64_t>> count_by(M T::*member) const {
        std::vector<std::pair<M, std::int64_t>> out;
        for (auto& [key, n] : QueryBase::count_by(T::table().index_of(member)))
            out.emplace_back(FieldTraits<M>::from_value(key), n);
        return out;
    }

  private:
    static std::vector<std::shared_ptr<T>> cast(std::vector<std::shared_ptr<void>> rows) {
        std::vector<std::shared_ptr<T>> out;
        out.reserve(rows.size());
        for (auto& row : rows)
            out.push_back(std::static_pointer_cast<T>(std::move(row)));
        return out;
    }
};

}  // namespace orm
