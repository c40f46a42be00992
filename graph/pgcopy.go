package graph

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// copyBinary copies n rows into cols of table in PostgreSQL's binary COPY format
// ("COPY … FROM STDIN (FORMAT binary)", described in the documentation of COPY): row
// appends the fields of row i. The rows are encoded on a goroutine of their own while
// the connection sends those before. pgx's CopyFrom encodes each field through its type
// map, which for the millions of fields of a bulk load cost more than the server's
// work.
func copyBinary(ctx context.Context, tx pgx.Tx, table string, cols []string, n int, row func(r *copyRow, i int) error) error {
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriterSize(pw, 1<<16)
		r := &copyRow{}
		// signature, flags, header extension length
		r.buf = append(r.buf, "PGCOPY\n\377\r\n\x00"...)
		r.buf = binary.BigEndian.AppendUint32(r.buf, 0)
		r.buf = binary.BigEndian.AppendUint32(r.buf, 0)
		for i := range n {
			r.buf = binary.BigEndian.AppendUint16(r.buf, uint16(len(cols)))
			if err := row(r, i); err != nil {
				pw.CloseWithError(err)
				return
			}
			if len(r.buf) >= 1<<15 {
				if _, err := w.Write(r.buf); err != nil {
					pw.CloseWithError(err)
					return
				}
				r.buf = r.buf[:0]
			}
		}
		r.buf = binary.BigEndian.AppendUint16(r.buf, math.MaxUint16) // trailer: -1
		_, err := w.Write(r.buf)
		if err == nil {
			err = w.Flush()
		}
		pw.CloseWithError(err) // nil: io.EOF
	}()
	defer pr.Close() // ends the goroutine if the copy failed first
	sql := fmt.Sprintf(`COPY %s (%s) FROM STDIN (FORMAT binary)`, pgx.Identifier{table}.Sanitize(), strings.Join(cols, ", "))
	_, err := tx.Conn().PgConn().CopyFrom(ctx, pr, sql)
	return err
}

// copyRow is the encoding of a row of copyBinary: each method appends one field.
type copyRow struct{ buf []byte }

func (r *copyRow) null() { r.buf = binary.BigEndian.AppendUint32(r.buf, math.MaxUint32) }

func (r *copyRow) bytes(b []byte) {
	if b == nil {
		r.null()
		return
	}
	r.buf = binary.BigEndian.AppendUint32(r.buf, uint32(len(b)))
	r.buf = append(r.buf, b...)
}

func (r *copyRow) text(s string) {
	r.buf = binary.BigEndian.AppendUint32(r.buf, uint32(len(s)))
	r.buf = append(r.buf, s...)
}

func (r *copyRow) int4(v int32) {
	r.buf = binary.BigEndian.AppendUint32(r.buf, 4)
	r.buf = binary.BigEndian.AppendUint32(r.buf, uint32(v))
}

func (r *copyRow) int8(v int64) {
	r.buf = binary.BigEndian.AppendUint32(r.buf, 8)
	r.buf = binary.BigEndian.AppendUint64(r.buf, uint64(v))
}

func (r *copyRow) float8(v float64) { r.int8(int64(math.Float64bits(v))) }

func (r *copyRow) bool(v bool) {
	r.buf = binary.BigEndian.AppendUint32(r.buf, 1)
	if v {
		r.buf = append(r.buf, 1)
	} else {
		r.buf = append(r.buf, 0)
	}
}

// y2k is the epoch of PostgreSQL's timestamps, in microseconds since Unix's.
const y2k = 946684800 * 1_000_000

// time is a timestamp: t's wall clock for a column without time zone, its instant for
// one with (microseconds since 2000-01-01 UTC both).
func (r *copyRow) time(t time.Time) {
	r.int8(t.Unix()*1_000_000 + int64(t.Nanosecond())/1000 - y2k)
}

// value appends v, a value of a column of Cayley's nodes table as nodeRow gives it.
func (r *copyRow) value(v any) error {
	switch v := v.(type) {
	case nil:
		r.null()
	case []byte:
		r.bytes(v)
	case string:
		r.text(v)
	case bool:
		r.bool(v)
	case int:
		if v < math.MinInt32 || v > math.MaxInt32 {
			return fmt.Errorf("%d does not fit a 4-byte integer", v)
		}
		r.int4(int32(v))
	case int64:
		r.int8(v)
	case float64:
		r.float8(v)
	case time.Time:
		r.time(v)
	default:
		return fmt.Errorf("cannot copy a %T", v)
	}
	return nil
}
