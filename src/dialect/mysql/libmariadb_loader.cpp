// The MariaDB Connector/C functions as this program calls them, each
// forwarding to libmariadb.so.3 opened on first use (see
// dialect/shared_library.hpp for why). A function added to the MySQL code
// needs a line here: the link fails until then.
#include <mysql.h>

#include "dialect/shared_library.hpp"

namespace {

schemactl::SharedLibrary& libmariadb() {
    static schemactl::SharedLibrary lib("libmariadb.so.3", "libmariadb3");
    return lib;
}

}  // namespace

SCHEMACTL_FORWARD(libmariadb(), MYSQL*, mysql_init, (MYSQL * mysql), (mysql))
SCHEMACTL_FORWARD(libmariadb(), int, mysql_options, (MYSQL * mysql, enum mysql_option option, const void* arg),
                  (mysql, option, arg))
SCHEMACTL_FORWARD(libmariadb(), MYSQL*, mysql_real_connect,
                  (MYSQL * mysql, const char* host, const char* user, const char* passwd, const char* db,
                   unsigned int port, const char* unix_socket, unsigned long clientflag),
                  (mysql, host, user, passwd, db, port, unix_socket, clientflag))
SCHEMACTL_FORWARD(libmariadb(), void, mysql_close, (MYSQL * sock), (sock))
SCHEMACTL_FORWARD(libmariadb(), unsigned int, mysql_errno, (MYSQL * mysql), (mysql))
SCHEMACTL_FORWARD(libmariadb(), const char*, mysql_error, (MYSQL * mysql), (mysql))
SCHEMACTL_FORWARD(libmariadb(), char*, mysql_get_server_info, (MYSQL * mysql), (mysql))
SCHEMACTL_FORWARD(libmariadb(), int, mysql_real_query, (MYSQL * mysql, const char* q, unsigned long length),
                  (mysql, q, length))
SCHEMACTL_FORWARD(libmariadb(), MYSQL_RES*, mysql_store_result, (MYSQL * mysql), (mysql))
SCHEMACTL_FORWARD(libmariadb(), unsigned int, mysql_field_count, (MYSQL * mysql), (mysql))
SCHEMACTL_FORWARD(libmariadb(), unsigned int, mysql_num_fields, (MYSQL_RES * res), (res))
SCHEMACTL_FORWARD(libmariadb(), MYSQL_FIELD*, mysql_fetch_fields, (MYSQL_RES * res), (res))
SCHEMACTL_FORWARD(libmariadb(), MYSQL_ROW, mysql_fetch_row, (MYSQL_RES * result), (result))
SCHEMACTL_FORWARD(libmariadb(), unsigned long*, mysql_fetch_lengths, (MYSQL_RES * result), (result))
SCHEMACTL_FORWARD(libmariadb(), void, mysql_free_result, (MYSQL_RES * result), (result))
SCHEMACTL_FORWARD(libmariadb(), unsigned long, mysql_real_escape_string,
                  (MYSQL * mysql, char* to, const char* from, unsigned long length), (mysql, to, from, length))
SCHEMACTL_FORWARD(libmariadb(), int, mysql_set_character_set, (MYSQL * mysql, const char* csname), (mysql, csname))
