#include "errors.hpp"

#include <errmsg.h>
#include <fmt/format.h>
#include <mysqld_error.h>

#include "orm/errors.hpp"

namespace orm {

namespace {

enum class Kind { integrity, operational, programming };

Kind kind_of(unsigned code) {
    switch (code) {
        // Constraints: unique, foreign key, NOT NULL, CHECK.
        case ER_DUP_ENTRY:                // 1062
        case ER_DUP_ENTRY_WITH_KEY_NAME:  // 1586
        case ER_DUP_UNIQUE:               // 1169
        case ER_ROW_IS_REFERENCED:        // 1217
        case ER_NO_REFERENCED_ROW:        // 1216
        case ER_ROW_IS_REFERENCED_2:      // 1451
        case ER_NO_REFERENCED_ROW_2:      // 1452
        case 1557:                        // ER_FOREIGN_DUPLICATE_KEY
        case ER_BAD_NULL_ERROR:           // 1048
        case ER_NO_DEFAULT_FOR_FIELD:     // 1364: NOT NULL column left out
        case ER_CONSTRAINT_FAILED:        // 4025: CHECK
        // A value the column's declaration refuses. The ORM validates lengths
        // and NOT NULL before any SQL runs, so these only reach the server
        // for values written around the models; under STRICT_ALL_TABLES they
        // are errors, never silent truncation. They are a constraint of the
        // column, like NOT NULL, so IntegrityError (DB-API would say
        // DataError, which this hierarchy folds in here).
        case ER_DATA_TOO_LONG:                    // 1406
        case ER_WARN_DATA_OUT_OF_RANGE:           // 1264
        case WARN_DATA_TRUNCATED:                 // 1265
        case ER_TRUNCATED_WRONG_VALUE:            // 1292
        case ER_TRUNCATED_WRONG_VALUE_FOR_FIELD:  // 1366 (e.g. invalid UTF-8)
        case ER_DIVISION_BY_ZERO:                 // 1365
            return Kind::integrity;

        // The statement itself is wrong.
        case ER_PARSE_ERROR:                // 1064
        case ER_SYNTAX_ERROR:               // 1149
        case ER_NO_SUCH_TABLE:              // 1146
        case ER_BAD_TABLE_ERROR:            // 1051
        case ER_UNKNOWN_TABLE:              // 1109
        case ER_BAD_FIELD_ERROR:            // 1054
        case ER_NON_UNIQ_ERROR:             // 1052
        case ER_TABLE_EXISTS_ERROR:         // 1050
        case ER_DUP_FIELDNAME:              // 1060
        case ER_DUP_KEYNAME:                // 1061
        case ER_CANT_DROP_FIELD_OR_KEY:     // 1091
        case ER_WRONG_VALUE_COUNT_ON_ROW:   // 1136
        case ER_WRONG_VALUE_COUNT:          // 1058
        case ER_BLOB_KEY_WITHOUT_LENGTH:    // 1170
        case ER_TOO_LONG_KEY:               // 1071
        case ER_WRONG_ARGUMENTS:            // 1210
        case ER_UNKNOWN_STMT_HANDLER:       // 1243
        case ER_FT_MATCHING_KEY_NOT_FOUND:  // 1191
        case ER_WRONG_COLUMN_NAME:          // 1166
        case ER_INVALID_GROUP_FUNC_USE:     // 1111
        case ER_REGEXP_ERROR:               // 1139
        case CR_COMMANDS_OUT_OF_SYNC:       // 2014
        case CR_PARAMS_NOT_BOUND:           // 2031
        case CR_INVALID_PARAMETER_NO:       // 2034
        case CR_INVALID_BUFFER_USE:         // 2035
        case CR_UNSUPPORTED_PARAM_TYPE:     // 2036
        case CR_NO_PREPARE_STMT:            // 2030
        case CR_NO_STMT_METADATA:           // 2052
        case CR_NEW_STMT_METADATA:          // 2057
            return Kind::programming;

        // Everything else cannot open, reach, read or write the database:
        // access denied (1044, 1045, 1698), unknown database (1049), cannot
        // connect (2002, 2003, 2005), gone away (2006, 2013, 2055), lock wait
        // timeout (1205), deadlock (1213), read-only, disk full...
        default:
            return Kind::operational;
    }
}

}  // namespace

bool mysql_connection_lost(unsigned code) {
    switch (code) {
        case CR_SERVER_GONE_ERROR:     // 2006
        case CR_SERVER_LOST:           // 2013
        case CR_SERVER_LOST_EXTENDED:  // 2055
        case CR_STMT_CLOSED:           // 2056: the statement's connection was closed
        case ER_CONNECTION_KILLED:     // 1927
        case ER_SERVER_SHUTDOWN:       // 1053
        case 4031:                     // ER_CLIENT_INTERACTION_TIMEOUT (MariaDB 10.x)
            return true;
        default:
            return false;
    }
}

bool mysql_transient(unsigned code) {
    return mysql_connection_lost(code) || code == ER_LOCK_WAIT_TIMEOUT ||
           code == ER_LOCK_DEADLOCK || code == ER_CON_COUNT_ERROR;
}

void throw_mysql_error(unsigned code, std::string_view message, const std::string& statement) {
    const auto text = fmt::format("{} (MySQL error {})", message, code);
    const int c = static_cast<int>(code);
    switch (kind_of(code)) {
        case Kind::integrity:
            throw IntegrityError(text, statement, c);
        case Kind::programming:
            throw ProgrammingError(text, statement, c);
        case Kind::operational:
            throw OperationalError(text, statement, c, mysql_transient(code));
    }
    throw OperationalError(text, statement, c);
}

}  // namespace orm
