package category

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tongban/internal/fault"
)

// taxonomyHeader is the header of the 3-level taxonomy CSV (data/hotline/taxonomy_3level.csv).
// A file with fewer levels keeps the first columns of it.
var taxonomyHeader = []string{"一级分类", "二级分类", "三级分类"}

// pathArrow separates the levels of a path in the arrow format
// (data/hotline/bj12345_category_paths.csv).
const pathArrow = "->"

// maxErrors caps how many problems one parse reports: enough to fix a file in a few rounds, few
// enough that a file in the wrong format does not produce thousands of lines. It matches the
// region importers.
const maxErrors = 10

// maxLine bounds one line of the arrow format. A real line is a few hundred bytes; anything near
// this is not a category file.
const maxLine = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ParseTaxonomyCSV parses a category taxonomy in CSV form with the header
// "一级分类,二级分类,三级分类" (or its first one or two columns), one path per row. Rows that share
// a first-level name share that category, and so on down. Codes are generated in order of first
// appearance (C01, C01.01, C01.01.01, C01.02, …), positions follow the codes, every category is
// active and NameMN is empty. The result is sorted by code, which puts parents first.
//
// A row may stop early by leaving its last columns empty; a row with every column empty is
// skipped, as spreadsheet exports produce them. A duplicate row adds nothing. A UTF-8 byte order
// mark and CRLF line ends are accepted.
//
// On any problem ParseTaxonomyCSV returns no categories and a fault.List of up to ten invalid
// errors, each with Field "name:line" so that it reads "name:line: why": a wrong header, a wrong
// column count, an empty level before a non-empty one, a name over MaxNameRunes characters or
// with control characters, text that is not UTF-8, more than MaxChildren categories under one
// parent. Errors reading r are returned wrapped, not as a fault.
func ParseTaxonomyCSV(name string, r io.Reader) ([]Category, error) {
	errs := &errList{file: name}
	cr := csv.NewReader(skipBOM(r))
	cr.FieldsPerRecord = -1 // column counts are checked here, with a clearer message

	header, err := cr.Read()
	if err == io.EOF {
		errs.add(1, "empty file, want the header %s", strings.Join(taxonomyHeader, ","))
		return nil, errs.err()
	}
	if err != nil {
		return nil, readError(name, err, errs)
	}
	if line, _ := cr.FieldPos(0); !checkHeader(header, errs, line) {
		return nil, errs.err()
	}
	ncols := len(header)

	b := newBuilder(errs)
	last := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// The CSV reader cannot resynchronise reliably after a quoting error, so parsing
			// stops here and reports this error with those found so far.
			return nil, readError(name, err, errs)
		}
		line, _ := cr.FieldPos(0)
		last = line
		if len(rec) != ncols {
			errs.add(line, "got %d columns, want %d", len(rec), ncols)
			continue
		}
		if !checkUTF8(rec, errs, line) {
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		// Trailing empty columns end a shorter path; an empty column before a filled one would
		// attach the later names to the wrong parent, so it is an error.
		path := rec
		for len(path) > 0 && path[len(path)-1] == "" {
			path = path[:len(path)-1]
		}
		if len(path) == 0 {
			continue
		}
		if i := slices.Index(path, ""); i >= 0 {
			errs.add(line, "level %d (%s) is empty but a later level is not", i+1, taxonomyHeader[i])
			continue
		}
		b.add(line, path)
	}
	return b.result(last + 1)
}

// checkHeader reports whether header is a prefix of taxonomyHeader, adding the reason to errs if
// not.
func checkHeader(header []string, errs *errList, line int) bool {
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	want := strings.Join(taxonomyHeader, ",")
	switch {
	case len(header) > len(taxonomyHeader):
		errs.add(line, "header has %d columns, at most %d levels are supported (want %s)", len(header), MaxDepth, want)
		return false
	case !slices.Equal(header, taxonomyHeader[:len(header)]):
		errs.add(line, "header must be %s, got %s", want, strings.Join(header, ","))
		return false
	}
	return true
}

// ParseCategoryPaths parses the arrow format: no header, one path per line with its levels
// separated by "->", as in "公共服务->供水供电供暖供气->供水". Lines may have one to MaxDepth levels;
// deeper paths are refused rather than accepted because the category picker, the statistics and
// the other importers all work with three levels, and a fourth level would be silently invisible
// in them. Blank lines are skipped; spaces around the arrows are ignored.
//
// Codes, results and errors are as for ParseTaxonomyCSV; in this format any empty level (a leading,
// doubled or trailing arrow) is an error, since there are no fixed columns to leave blank.
func ParseCategoryPaths(name string, r io.Reader) ([]Category, error) {
	errs := &errList{file: name}
	sc := bufio.NewScanner(skipBOM(r))
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	b := newBuilder(errs)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		if !checkUTF8([]string{text}, errs, line) {
			continue
		}
		path := strings.Split(text, pathArrow)
		if len(path) > MaxDepth {
			errs.add(line, "%d levels, at most %d are supported", len(path), MaxDepth)
			continue
		}
		for i := range path {
			path[i] = strings.TrimSpace(path[i])
		}
		if i := slices.Index(path, ""); i >= 0 {
			errs.add(line, "level %d is empty", i+1)
			continue
		}
		b.add(line, path)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			errs.add(line+1, "line longer than %d bytes", maxLine)
			return nil, errs.err()
		}
		return nil, readError(name, err, errs)
	}
	return b.result(line + 1)
}

// ParseFile parses a category file in either format, recognised by its first non-blank line: the
// taxonomy header 一级分类,… selects ParseTaxonomyCSV, a line containing "->" selects
// ParseCategoryPaths. Anything else is an invalid error at that line.
func ParseFile(name string, r io.Reader) ([]Category, error) {
	br := bufio.NewReaderSize(r, maxLine)
	// Peek, not read, so the chosen parser sees the whole file; the first line of either format
	// fits in maxLine bytes many times over.
	head, err := br.Peek(maxLine)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("%s: reading: %w", name, err)
	}
	head = bytes.TrimPrefix(head, utf8BOM)
	for i, l := range strings.Split(string(head), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		switch {
		case strings.HasPrefix(strings.TrimLeft(l, `"`), taxonomyHeader[0]):
			return ParseTaxonomyCSV(name, br)
		case strings.Contains(l, pathArrow):
			return ParseCategoryPaths(name, br)
		}
		errs := &errList{file: name}
		errs.add(i+1, "unrecognised category file: want the header %s or paths like A%sB%sC",
			strings.Join(taxonomyHeader, ","), pathArrow, pathArrow)
		return nil, errs.err()
	}
	errs := &errList{file: name}
	errs.add(1, "empty file")
	return nil, errs.err()
}

// skipBOM returns a reader for r without a leading UTF-8 byte order mark, which Windows tools
// (Excel's "CSV UTF-8" above all) put at the start of the file and which would otherwise become
// part of the first name or header cell.
func skipBOM(r io.Reader) *bufio.Reader {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	return br
}

// checkUTF8 reports whether all fields are valid UTF-8. Chinese files exported on Windows are
// often GBK, which would otherwise turn into mojibake names; the message says what to do.
func checkUTF8(fields []string, errs *errList, line int) bool {
	for _, f := range fields {
		if !utf8.ValidString(f) {
			errs.add(line, "not valid UTF-8 (save the file as UTF-8; GBK and other encodings are not supported)")
			return false
		}
	}
	return true
}

// readError turns an error from reading the file into the error to return: a CSV syntax error
// becomes one more invalid entry at its line; anything else is an I/O failure, not a problem with
// the file's content, and is wrapped as such.
func readError(name string, err error, errs *errList) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		errs.add(pe.Line, "%v", pe.Err)
		return errs.err()
	}
	return fmt.Errorf("%s: reading: %w", name, err)
}

// builder turns paths into categories, sharing nodes by (parent, name).
type builder struct {
	errs  *errList
	out   []Category
	codes map[[2]string]string // {parent code, name} → code
	kids  map[string]int       // parent code → children so far
}

func newBuilder(errs *errList) *builder {
	return &builder{errs: errs, codes: make(map[[2]string]string), kids: make(map[string]int)}
}

// add inserts the categories of one path whose levels are present and trimmed.
func (b *builder) add(line int, path []string) {
	for i, n := range path {
		if msg := checkName(n, MaxNameRunes); msg != "" {
			b.errs.add(line, "level %d name %s", i+1, msg)
			return
		}
	}
	parent := ""
	for _, n := range path {
		key := [2]string{parent, n}
		if code, ok := b.codes[key]; ok {
			parent = code
			continue
		}
		pos := b.kids[parent] + 1
		if pos > MaxChildren {
			where := "at the top level"
			if parent != "" {
				where = "under " + Path(b.out, parent)
			}
			b.errs.add(line, "more than %d categories %s", MaxChildren, where)
			return
		}
		b.kids[parent] = pos
		code := "C" + twoDigits(pos)
		if parent != "" {
			code = parent + "." + twoDigits(pos)
		}
		b.codes[key] = code
		b.out = append(b.out, Category{Code: code, Parent: parent, NameZH: n, Position: pos, Active: true})
		parent = code
	}
}

// result returns the categories sorted by code, or the errors. endLine is the line after the
// last one read, where an empty file is reported.
func (b *builder) result(endLine int) ([]Category, error) {
	if len(b.out) == 0 && len(b.errs.errs) == 0 {
		// Importing an empty tree would retire every category of the installation.
		b.errs.add(endLine, "no categories in the file")
	}
	if err := b.errs.err(); err != nil {
		return nil, err
	}
	// Two digits per level make string order tree order, parents first.
	slices.SortFunc(b.out, func(x, y Category) int { return strings.Compare(x.Code, y.Code) })
	return b.out, nil
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// errList collects problems up to maxErrors and counts the rest.
type errList struct {
	file    string
	errs    fault.List
	dropped int
}

func (l *errList) add(line int, format string, args ...any) {
	if len(l.errs) >= maxErrors {
		l.dropped++
		return
	}
	l.errs.Add(l.file+":"+strconv.Itoa(line), format, args...)
}

// err returns the collected problems as a fault.List, or nil.
func (l *errList) err() error {
	if l.dropped > 0 {
		l.errs = append(l.errs, fault.Invalidf(l.file, "%d more problems not shown", l.dropped))
		l.dropped = 0
	}
	return l.errs.Err()
}
