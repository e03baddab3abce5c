#include "fulltext.hpp"

#include <fmt/format.h>
#include <mysqld_error.h>

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>

#include "dialect.hpp"
#include "orm/connection.hpp"
#include "orm/errors.hpp"
#include "orm/expr.hpp"
#include "orm/text/utf8.hpp"
#include "orm/text/words.hpp"

namespace orm {

namespace {

// InnoDB's defaults (innodb_ft_min_token_size, innodb_ft_max_token_size) and
// its default stop word list (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD).
constexpr std::size_t kMinToken = 3;
constexpr std::size_t kMaxToken = 84;
constexpr std::array<std::string_view, 36> kStopwords = {
    "a",    "about", "an",  "are",  "as",   "at",    "be",  "by",   "com",  "de",  "en",   "for",
    "from", "how",   "i",   "in",   "is",   "it",    "la",  "of",   "on",   "or",  "that", "the",
    "this", "to",    "was", "what", "when", "where", "who", "will", "with", "und", "the",  "www"};

// InnoDB's tokenizer keeps '_' inside words; otherwise it sees words as
// orm::text does.
text::CharClass innodb_class(char32_t cp) {
    return cp == '_' ? text::CharClass::word : text::classify(cp);
}

// A word of a term: its letters, digits and '_' (combining marks dropped; the
// patterns allow them anywhere in the text's word).
using Word = std::u32string;

std::vector<Word> split_words(std::string_view term) {
    std::vector<Word> words;
    for (const auto& span : text::split_words(term, innodb_class)) {
        Word word;
        for (const auto& cp : text::code_points(term.substr(span.offset, span.size)))
            if (innodb_class(cp.value) == text::CharClass::word) word += cp.value;
        words.push_back(std::move(word));
    }
    return words;
}

std::string to_utf8(const Word& word) {
    std::string out;
    for (auto cp : word)
        text::append(out, cp);
    return out;
}

bool is_stopword(const Word& word) {
    std::string lower;
    for (auto cp : word) {
        if (cp > 0x7F) return false;
        lower += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    }
    for (auto stop : kStopwords)
        if (lower == stop) return true;
    return false;
}

bool indexable(const Word& word) {
    if (word.size() < kMinToken || word.size() > kMaxToken) return false;
    for (auto cp : word)
        if (cp > 0xFFFF) return false;  // outside the BMP the server's tokenizer sees no letters
    return !is_stopword(word);
}

constexpr char32_t kNoFold = 0xFFFFFFFF;

// The folded form of one code point ("É" -> "e"), as the utf8mb4_unicode_ci
// collation compares letters; kNoFold when that is not one code point
// ("ß" -> "ss").
char32_t fold(char32_t cp) {
    const auto folded = text::fold(cp);
    if (folded.empty()) return kNoFold;
    const auto first = text::decode(folded, 0);
    return first.valid && first.size == folded.size() ? first.value : kNoFold;
}

// Every letter or digit of the scripts where accents and case matter most,
// grouped by folded form: 'e' -> e E é É è ê ë ē ė ę ě ẹ ẽ ...
const std::unordered_map<char32_t, std::string>& variants() {
    static const auto table = [] {
        std::unordered_map<char32_t, std::string> t;
        constexpr std::pair<char32_t, char32_t> ranges[] = {
            {0x0030, 0x024F},  // Basic Latin, Latin-1, Latin Extended-A and -B
            {0x0370, 0x052F},  // Greek, Cyrillic
            {0x1E00, 0x1FFF},  // Latin Extended Additional, Greek Extended
            {0xFF10, 0xFF5A},  // fullwidth digits and letters
        };
        for (auto [first, last] : ranges)
            for (auto cp = first; cp <= last; ++cp) {
                if (!text::is_word_char(cp)) continue;
                if (const auto f = fold(cp); f != kNoFold) text::append(t[f], cp);
            }
        return t;
    }();
    return table;
}

// A pattern for one code point of a term: any of its case and accent
// variants, then any combining marks (decomposed text).
void append_letter(std::string& pattern, char32_t cp) {
    const auto f = cp == '_' ? kNoFold : fold(cp);
    const auto& table = variants();
    const auto it = f == kNoFold ? table.end() : table.find(f);
    if (it == table.end()) {
        text::append(pattern, cp);  // a letter, digit or '_': never regex syntax
    } else {
        pattern += '[';
        pattern += it->second;
        text::append(pattern, cp);
        pattern += ']';
    }
    pattern += "\\p{M}*";
}

constexpr std::string_view kWordChar = "[\\p{L}\\p{N}\\p{M}_]";
constexpr std::string_view kNotWordStart = "(?<![\\p{L}\\p{N}\\p{M}_])";
constexpr std::string_view kSeparators = "[^\\p{L}\\p{N}\\p{M}_]+";

std::string word_pattern(const std::vector<Word>& words, bool phrase) {
    std::string pattern = "(?i)";
    pattern += kNotWordStart;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) pattern += kSeparators;
        for (auto cp : words[i])
            append_letter(pattern, cp);
    }
    if (phrase) {
        pattern += "(?!";
        pattern += kWordChar;
        pattern += ')';
    }
    return pattern;
}

void add_against(std::string& against, const Word& word, bool prefix) {
    if (!against.empty()) against += ' ';
    against += '+';
    against += to_utf8(word);
    if (prefix) against += '*';
}

}  // namespace

MysqlSearch compile_mysql_search(const std::vector<SearchTerm>& terms) {
    MysqlSearch out;
    for (const auto& term : terms) {
        if (!text::has_word(term.text)) {
            // Nothing a tokenizer would index (punctuation, emoji): match literally.
            std::string like = "%";
            like += like_escape(term.text);
            like += '%';
            out.likes.push_back(std::move(like));
            continue;
        }
        const auto words = split_words(term.text);
        if (words.size() == 1 && indexable(words[0])) {
            add_against(out.against, words[0], !term.phrase);
            continue;
        }
        out.regexps.push_back(word_pattern(words, term.phrase));
        // The index narrows the rows down and ranks them; the pattern decides.
        for (std::size_t i = 0; i < words.size(); ++i)
            if (indexable(words[i]))
                add_against(out.against, words[i], !term.phrase && i + 1 == words.size());
    }
    return out;
}

namespace {

std::string fulltext_index(const TableDef& table, const ColumnDef& column) {
    return "ft_" + table.name() + "_" + column.name;
}

bool has_index(Connection& connection, const std::string& table, const std::string& index) {
    auto statement = connection.prepare(
        "SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() "
        "AND table_name = ? AND index_name = ?");
    statement->bind(1, table);
    statement->bind(2, index);
    return statement->step();
}

}  // namespace

void MysqlDialect::create_fulltext(Connection& connection, const TableDef& table,
                                   const ColumnDef& column) const {
    const auto index = fulltext_index(table, column);
    if (has_index(connection, table.name(), index)) return;
    // InnoDB indexes the rows already there, and from then on every committed
    // change, by whatever program: no triggers needed.
    try {
        connection.execute_script(fmt::format("ALTER TABLE {} ADD FULLTEXT INDEX {} ({})",
                                              quote(table.name()), quote(index),
                                              quote(column.name)));
    } catch (const ProgrammingError& e) {
        if (e.code() != ER_DUP_KEYNAME) throw;  // another program just created it
    }
}

void MysqlDialect::drop_fulltext(Connection& connection, const TableDef& table,
                                 const ColumnDef& column) const {
    const auto index = fulltext_index(table, column);
    if (!has_index(connection, table.name(), index)) return;
    try {
        connection.execute_script(
            fmt::format("ALTER TABLE {} DROP INDEX {}", quote(table.name()), quote(index)));
    } catch (const ProgrammingError& e) {
        if (e.code() != ER_CANT_DROP_FIELD_OR_KEY) throw;  // already gone
    }
}

FulltextMatch MysqlDialect::fulltext_match(const TableDef& table, const ColumnDef& column,
                                           const std::vector<SearchTerm>& terms) const {
    auto search = compile_mysql_search(terms);
    FulltextMatch out;
    const auto column_name = quote(table.name()) + "." + quote(column.name);
    const auto add = [&](const std::string& condition, std::string param) {
        if (!out.where.empty()) out.where += " AND ";
        out.where += condition;
        // Built as text in place: GCC 12 warns (falsely) that a Value moved
        // in from a temporary holds uninitialized storage.
        out.where_params.emplace_back(std::in_place_type<std::string>, std::move(param));
    };
    if (!search.against.empty()) {
        const auto match = "MATCH (" + column_name + ") AGAINST (? IN BOOLEAN MODE)";
        add(match, search.against);
        out.rank = "-(" + match + ")";  // best (highest score) first
        out.rank_params.push_back(search.against);
    }
    for (auto& pattern : search.regexps)
        add(column_name + " REGEXP ?", std::move(pattern));
    // Punctuation is compared byte for byte: utf8mb4_unicode_ci would make
    // every emoji equal to every other.
    for (auto& like : search.likes)
        add(column_name + " COLLATE utf8mb4_bin LIKE ? ESCAPE '!'", std::move(like));
    if (out.where.empty()) out.where = "1 = 1";
    return out;
}

}  // namespace orm
