#pragma once
// Declarative models: a model declares its table once, next to its members.
//
//   struct Category {
//       std::int64_t id = 0;
//       std::string name;
//       orm::Timestamp created_at;
//
//       static const orm::Table<Category>& table() {
//           static const orm::Table<Category> t = orm::Table<Category>("categories")
//               .column("id", &Category::id, orm::primary_key)
//               .column("name", &Category::name, orm::varchar{64}, orm::unique)
//               .column("created_at", &Category::created_at, orm::default_now);
//           return t;
//       }
//   };
//
// Member types: std::int64_t, int, bool, double, std::string, orm::Timestamp,
// and std::optional<T> of those for columns that may be NULL. A member that
// is not optional is NOT NULL. Every model has one integer primary key.
#include <concepts>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <vector>

#include "orm/block_pool.hpp"
#include "orm/statement.hpp"
#include "orm/value.hpp"

namespace orm {

enum class ColumnType { Integer, Double, Text, Varchar, Boolean, Timestamp };
enum class OnDelete { NoAction, Restrict, Cascade, SetNull };

struct ForeignKey {
    std::string table;
    std::string column = "id";
    OnDelete on_delete = OnDelete::NoAction;
};

// Rows of a table counted per value of one of its columns, in a table of
// their own (key column named like the counted column, plus a count column),
// kept by the database itself (triggers) so that rows written by any program
// count. Reading all counts then costs the number of distinct values, not the
// number of rows.
struct CounterDef {
    std::string table;
    std::string count_column = "count";
};

struct ColumnDef {
    std::string name;
    ColumnType type = ColumnType::Integer;
    int length = 0;  // characters, for Varchar
    bool primary_key = false;
    bool reuse_ids = false;  // orm::rowid: the backend may reuse a deleted highest id
    bool not_null = false;
    bool unique = false;
    bool indexed = false;
    bool fulltext = false;     // searchable through Query::search()
    bool default_now = false;  // filled with the current time on insert when unset
    bool update_now = false;   // set to the current time whenever the row is updated
    std::optional<Value> default_value;
    std::optional<ForeignKey> foreign_key;
    std::optional<CounterDef> counter;  // see orm::counted
};

struct IndexDef {
    std::string name;
    std::vector<std::string> columns;  // a trailing " DESC" is allowed
    bool unique = false;
};

// Column options, passed to Table<T>::column().
//
// The integer primary key, one of:
//   primary_key  ids are never reused, even after the row with the highest id
//                is deleted (SQLite AUTOINCREMENT; MySQL AUTO_INCREMENT): for
//                ids that people or scripts remember, or that an undo restores.
//   rowid        the backend's plainest key: SQLite may give the highest id
//                again once its row is deleted, and saves AUTOINCREMENT's
//                bookkeeping on every insert (sqlite_sequence); the same as
//                primary_key on MySQL.
inline constexpr struct PrimaryKey {
} primary_key;
inline constexpr struct Rowid {
} rowid;
inline constexpr struct NotNull {
} not_null;
inline constexpr struct Unique {
} unique;
inline constexpr struct Indexed {
} indexed;
inline constexpr struct Fulltext {
} fulltext;
inline constexpr struct DefaultNow {
} default_now;
inline constexpr struct UpdateNow {
} update_now;
struct varchar {
    int length;
};
struct default_value {
    Value value;
};
struct references {
    std::string table;
    std::string column = "id";
    OnDelete on_delete = OnDelete::NoAction;
};
// Rows counted per value of this column in `table` (see CounterDef), e.g.
//   .column("category_id", &Note::category_id, orm::references{"categories"},
//           orm::counted{"category_counts", "notes"})
// Query<T>::count_by(member) without filters then reads those counts. With a
// foreign key, a count row goes with its referenced row.
struct counted {
    std::string table;
    std::string count_column = "count";
};

void apply_option(ColumnDef& column, PrimaryKey);
void apply_option(ColumnDef& column, Rowid);
void apply_option(ColumnDef& column, NotNull);
void apply_option(ColumnDef& column, Unique);
void apply_option(ColumnDef& column, Indexed);
void apply_option(ColumnDef& column, Fulltext);
void apply_option(ColumnDef& column, DefaultNow);
void apply_option(ColumnDef& column, UpdateNow);
void apply_option(ColumnDef& column, const varchar& option);
void apply_option(ColumnDef& column, const default_value& option);
void apply_option(ColumnDef& column, const references& option);
void apply_option(ColumnDef& column, const counted& option);

// How a member type maps to a column; specialised for the supported types.
template <class M>
struct FieldTraits {
    static_assert(sizeof(M) == 0,
                  "orm: unsupported member type; use std::int64_t, int, bool, double, "
                  "std::string, orm::Timestamp, or std::optional of one of those");
};

template <class M>
concept Field = requires {
    FieldTraits<M>::type;
};

// A member's NULL-ness and binding, through its traits' own is_null/bind
// where they have them (text binds borrowed, with no Value in between), else
// through to_value.
template <Field M>
bool field_is_null(const M& member) {
    if constexpr (requires { FieldTraits<M>::is_null(member); })
        return FieldTraits<M>::is_null(member);
    else
        return std::holds_alternative<std::monostate>(FieldTraits<M>::to_value(member));
}
template <Field M>
void bind_field(const M& member, Statement& statement, int index) {
    if constexpr (requires { FieldTraits<M>::bind(member, statement, index); })
        FieldTraits<M>::bind(member, statement, index);
    else
        statement.bind(index, FieldTraits<M>::to_value(member));
}

// The non-template description of a table, used by metadata, dialects and
// the session. Table<T> adds typed access to T's members.
class TableDef {
  public:
    explicit TableDef(std::string name);
    virtual ~TableDef();

    const std::string& name() const { return name_; }
    const std::vector<ColumnDef>& columns() const { return columns_; }
    const std::vector<IndexDef>& indexes() const { return indexes_; }
    std::size_t primary_key_index() const { return primary_key_; }
    const ColumnDef& primary_key() const { return columns_.at(primary_key_); }
    const ColumnDef* find(std::string_view column) const;
    // Names of the tables this one references.
    std::vector<std::string> dependencies() const;

    // Refuses values the declaration forbids (NULL in a NOT NULL column, a
    // varchar longer than its length in UTF-8 characters), naming table,
    // column and value. The primary key may be NULL (assigned on insert).
    void validate(const std::vector<Value>& row) const;
    // The same for an object, read in place.
    void validate_object(const void* object) const;

    // Type-erased access to a model object, for the non-template session.
    virtual std::shared_ptr<void> create() const = 0;
    virtual Value get(const void* object, std::size_t column) const = 0;
    virtual void set(void* object, std::size_t column, const Value& value) const = 0;
    // Sets a Timestamp column (default_now, update_now) without a round trip
    // through text; a column of another type is set from time.sql().
    virtual void stamp(void* object, std::size_t column, const Timestamp& time) const {
        set(object, column, time.sql());
    }
    virtual void load(void* object, std::size_t column, const Statement& row,
                      int row_column) const = 0;
    // A column's NULL-ness, and binding it as parameter `index` straight from
    // the object: text is borrowed, so the object must stay unchanged until
    // the statement is reset. The defaults go through get().
    virtual bool is_null(const void* object, std::size_t column) const;
    virtual void bind(const void* object, std::size_t column, Statement& statement,
                      int index) const;
    // A copy of the object's columns, and comparing or copying one column
    // between two objects of this table: the session's "as last read or
    // written" state, without turning every column into a Value.
    virtual std::shared_ptr<void> clone(const void* object) const = 0;
    virtual bool same(const void* a, const void* b, std::size_t column) const = 0;
    virtual void copy(void* to, const void* from, std::size_t column) const = 0;
    virtual bool same_row(const void* a, const void* b) const;
    // A new object read from `row`, and the session's copy of it (Table<T>
    // keeps both in one allocation: the copy shares the object's owner).
    struct Loaded {
        std::shared_ptr<void> object;
        std::shared_ptr<const void> copy;
    };
    virtual Loaded load_tracked(const Statement& row) const;
    std::vector<Value> values(const void* object) const;
    void load_row(void* object, const Statement& row) const;  // columns in declaration order
    // The primary key (0: none yet), and setting it after an INSERT; the
    // defaults go through get() and set().
    virtual std::int64_t id_of(const void* object) const;
    virtual void set_id(void* object, std::int64_t id) const;

  protected:
    void add_column(ColumnDef column);
    void add_index(IndexDef index);

  private:
    std::string name_;
    std::vector<ColumnDef> columns_;
    std::vector<IndexDef> indexes_;
    std::size_t primary_key_ = static_cast<std::size_t>(-1);
};

template <class T>
class Table : public TableDef {
  public:
    explicit Table(std::string name) : TableDef(std::move(name)) {}

    template <Field M, class... Options>
    Table& column(std::string name, M T::*member, const Options&... options) {
        ColumnDef def;
        def.name = std::move(name);
        def.type = FieldTraits<M>::type;
        def.not_null = !FieldTraits<M>::nullable;
        (apply_option(def, options), ...);
        add_column(std::move(def));
        accessors_.push_back(make_accessor(member));
        if constexpr (std::is_same_v<M, std::int64_t>)
            if (columns().back().primary_key) id_ = member;
        return *this;
    }

    // A (possibly composite) index; columns may end in " DESC".
    Table& index(std::string name, std::vector<std::string> columns, bool unique = false) {
        add_index(IndexDef{std::move(name), std::move(columns), unique});
        return *this;
    }

    // Position of the column declared for `member`; a member that was never
    // declared is a programming error (std::logic_error).
    template <Field M>
    std::size_t index_of(M T::*member) const {
        for (std::size_t i = 0; i < accessors_.size(); ++i) {
            if (accessors_[i].type == std::type_index(typeid(M)) &&
                std::memcmp(accessors_[i].key.data(), &member, sizeof member) == 0)
                return i;
        }
        throw std::logic_error("orm: member is not a declared column of table " + name());
    }

    std::shared_ptr<void> create() const override {
        return std::allocate_shared<T>(PoolAllocator<T>());
    }
    Value get(const void* object, std::size_t column) const override {
        return accessors_[column].get(*static_cast<const T*>(object));
    }
    void set(void* object, std::size_t column, const Value& value) const override {
        accessors_[column].set(*static_cast<T*>(object), value);
    }
    void stamp(void* object, std::size_t column, const Timestamp& time) const override {
        accessors_[column].stamp(*static_cast<T*>(object), time);
    }
    void load(void* object, std::size_t column, const Statement& row,
              int row_column) const override {
        accessors_[column].load(*static_cast<T*>(object), row, row_column);
    }
    bool is_null(const void* object, std::size_t column) const override {
        return accessors_[column].is_null(*static_cast<const T*>(object));
    }
    void bind(const void* object, std::size_t column, Statement& statement,
              int index) const override {
        accessors_[column].bind(*static_cast<const T*>(object), statement, index);
    }
    std::shared_ptr<void> clone(const void* object) const override {
        return std::allocate_shared<T>(PoolAllocator<T>(), *static_cast<const T*>(object));
    }
    Loaded load_tracked(const Statement& row) const override {
        struct Both {
            T object;
            T copy;
        };
        auto both = std::allocate_shared<Both>(PoolAllocator<Both>());
        for (std::size_t i = 0; i < accessors_.size(); ++i)
            accessors_[i].load(both->object, row, static_cast<int>(i));
        both->copy = both->object;
        return {std::shared_ptr<void>(both, &both->object),
                std::shared_ptr<const void>(both, &both->copy)};
    }
    bool same(const void* a, const void* b, std::size_t column) const override {
        return accessors_[column].same(*static_cast<const T*>(a), *static_cast<const T*>(b));
    }
    // One call per object at each flush, not one per column.
    bool same_row(const void* a, const void* b) const override {
        const auto& x = *static_cast<const T*>(a);
        const auto& y = *static_cast<const T*>(b);
        for (const auto& accessor : accessors_)
            if (!accessor.same(x, y)) return false;
        return true;
    }
    void copy(void* to, const void* from, std::size_t column) const override {
        accessors_[column].copy(*static_cast<T*>(to), *static_cast<const T*>(from));
    }
    // An int64 key is read and set in place: the session does both for every
    // row it writes.
    std::int64_t id_of(const void* object) const override {
        return id_ ? static_cast<const T*>(object)->*id_ : TableDef::id_of(object);
    }
    void set_id(void* object, std::int64_t id) const override {
        if (id_)
            static_cast<T*>(object)->*id_ = id;
        else
            TableDef::set_id(object, id);
    }

  private:
    struct Accessor {
        std::type_index type;
        std::string key;  // the member pointer's bytes, to find a column by member
        std::function<Value(const T&)> get;
        std::function<void(T&, const Value&)> set;
        std::function<void(T&, const Timestamp&)> stamp;
        std::function<void(T&, const Statement&, int)> load;
        std::function<bool(const T&, const T&)> same;
        std::function<void(T&, const T&)> copy;
        std::function<bool(const T&)> is_null;
        std::function<void(const T&, Statement&, int)> bind;
    };

    template <class M>
    static Accessor make_accessor(M T::*member) {
        std::string key(sizeof member, '\0');
        std::memcpy(key.data(), &member, sizeof member);
        return Accessor{
            std::type_index(typeid(M)),
            std::move(key),
            [member](const T& o) { return FieldTraits<M>::to_value(o.*member); },
            [member](T& o, const Value& v) { o.*member = FieldTraits<M>::from_value(v); },
            [member](T& o, const Timestamp& t) {
                if constexpr (std::is_assignable_v<M&, const Timestamp&>)
                    o.*member = t;
                else
                    o.*member = FieldTraits<M>::from_value(Value{t.sql()});
            },
            [member](T& o, const Statement& s, int c) { FieldTraits<M>::load(o.*member, s, c); },
            [member](const T& a, const T& b) { return a.*member == b.*member; },
            [member](T& to, const T& from) { to.*member = from.*member; },
            [member](const T& o) { return field_is_null(o.*member); },
            [member](const T& o, Statement& s, int i) { bind_field(o.*member, s, i); }};
    }

    std::vector<Accessor> accessors_;
    std::int64_t T::*id_ = nullptr;  // the primary key, when an int64 member
};

// A model is a class with `static const orm::Table<T>& table()`.
template <class T>
concept Model = requires {
    { T::table() } -> std::convertible_to<const Table<T>&>;
};

// ---- field traits -------------------------------------------------------

std::int64_t value_to_int64(const Value& value);
double value_to_double(const Value& value);
std::string value_to_string(const Value& value);

template <>
struct FieldTraits<std::int64_t> {
    static constexpr ColumnType type = ColumnType::Integer;
    static constexpr bool nullable = false;
    static Value to_value(std::int64_t v) { return v; }
    static std::int64_t from_value(const Value& v) { return value_to_int64(v); }
    static void load(std::int64_t& m, const Statement& s, int c) { m = s.get_int64(c); }
};

template <>
struct FieldTraits<int> {
    static constexpr ColumnType type = ColumnType::Integer;
    static constexpr bool nullable = false;
    static Value to_value(int v) { return std::int64_t{v}; }
    static int from_value(const Value& v) { return static_cast<int>(value_to_int64(v)); }
    static void load(int& m, const Statement& s, int c) { m = static_cast<int>(s.get_int64(c)); }
};

template <>
struct FieldTraits<bool> {
    static constexpr ColumnType type = ColumnType::Boolean;
    static constexpr bool nullable = false;
    static Value to_value(bool v) { return std::int64_t{v ? 1 : 0}; }
    static bool from_value(const Value& v) { return value_to_int64(v) != 0; }
    static void load(bool& m, const Statement& s, int c) { m = s.get_int64(c) != 0; }
};

template <>
struct FieldTraits<double> {
    static constexpr ColumnType type = ColumnType::Double;
    static constexpr bool nullable = false;
    static Value to_value(double v) { return v; }
    static double from_value(const Value& v) { return value_to_double(v); }
    static void load(double& m, const Statement& s, int c) { m = s.get_double(c); }
};

template <>
struct FieldTraits<std::string> {
    static constexpr ColumnType type = ColumnType::Text;
    static constexpr bool nullable = false;
    static Value to_value(const std::string& v) { return v; }
    static std::string from_value(const Value& v) { return value_to_string(v); }
    static void load(std::string& m, const Statement& s, int c) { m = s.get_text(c); }
    static bool is_null(const std::string&) { return false; }
    static void bind(const std::string& v, Statement& s, int i) { s.bind_text_borrowed(i, v); }
};

template <>
struct FieldTraits<Timestamp> {
    static constexpr ColumnType type = ColumnType::Timestamp;
    static constexpr bool nullable = false;
    // An unset timestamp is NULL, so that defaults and validation see it.
    static Value to_value(const Timestamp& v) { return v.is_set() ? Value{v.sql()} : Value{}; }
    static Timestamp from_value(const Value& v) {
        return Timestamp::parse(value_to_string(v)).value_or(Timestamp{});
    }
    static void load(Timestamp& m, const Statement& s, int c) {
        m = Timestamp::parse(s.get_text(c)).value_or(Timestamp{});
    }
    static bool is_null(const Timestamp& v) { return !v.is_set(); }
    static void bind(const Timestamp& v, Statement& s, int i) {
        char text[Timestamp::kSqlLength];
        if (!v.is_set())
            s.bind(i, Value{});
        else if (v.write_sql(text))
            s.bind_text_copy(i, {text, sizeof text});
        else
            s.bind(i, Value{v.sql()});
    }
};

template <Field M>
struct FieldTraits<std::optional<M>> {
    static constexpr ColumnType type = FieldTraits<M>::type;
    static constexpr bool nullable = true;
    static Value to_value(const std::optional<M>& v) {
        return v ? FieldTraits<M>::to_value(*v) : Value{};
    }
    static std::optional<M> from_value(const Value& v) {
        if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
        return FieldTraits<M>::from_value(v);
    }
    static void load(std::optional<M>& m, const Statement& s, int c) {
        if (s.is_null(c)) {
            m.reset();
        } else {
            M inner{};
            FieldTraits<M>::load(inner, s, c);
            m = std::move(inner);
        }
    }
    static bool is_null(const std::optional<M>& v) { return !v || field_is_null(*v); }
    static void bind(const std::optional<M>& v, Statement& s, int i) {
        if (v)
            bind_field(*v, s, i);
        else
            s.bind(i, Value{});
    }
};

}  // namespace orm
