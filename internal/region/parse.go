package region

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// ParseError locates a problem in an imported division file. Its message reads "file:line: why"
// so an administrator can open the file at the right place; Line is 0 when the problem is not
// tied to one line (for example a read error).
type ParseError struct {
	File string
	Line int
	Err  error
}

// Error formats the error as "file:line: why".
func (e *ParseError) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

// Unwrap returns the underlying cause.
func (e *ParseError) Unwrap() error { return e.Err }

// maxErrors caps how many problems one parse reports: enough to fix a file in a few rounds,
// few enough that a file in the wrong format does not produce thousands of lines.
const maxErrors = 10

// divisionHeader is the header of the project's own division format, the format of
// data/divisions/alxa_1529_divisions.csv.
var divisionHeader = []string{"code12", "name", "level", "parent_code12", "source"}

// modoodParentCols names the parent columns of the NBS files published by
// modood/Administrative-divisions-of-China, indexed by the level of the division they name.
var modoodParentCols = [...]string{
	LevelProvince:   "provinceCode",
	LevelPrefecture: "cityCode",
	LevelCounty:     "areaCode",
	LevelTown:       "streetCode",
}

// ParseDivisionCSV parses a file in the project's division format, header
// "code12,name,level,parent_code12,source", and returns its regions sorted parents first (by
// level, then code), so a caller can insert them in order.
//
// Every row needs a valid code, a non-empty name, a level that matches the code and a parent that
// is the one the code implies (see ParentOfCode). An empty parent_code12 means "the parent the code
// implies": the Alxa file leaves the league's parent empty because Inner Mongolia is not in it.
// That parent must still exist, either in the same file or according to known (which may be nil);
// only provinces have no parent. The source column records provenance and is not kept.
//
// On any problem ParseDivisionCSV returns no regions and an error listing up to ten problems,
// each "name:line: why".
func ParseDivisionCSV(name string, r io.Reader, known func(string) bool) ([]Region, error) {
	return parse(name, r, known, formatDivision)
}

// ParseModoodCSV parses one of the NBS division files published by
// modood/Administrative-divisions-of-China: provinces.csv (code,name), cities.csv
// (code,name,provinceCode), areas.csv (code,name,cityCode,provinceCode), streets.csv
// (code,name,areaCode,provinceCode,cityCode) or villages.csv (the same plus streetCode). The file
// is recognised by its header in any column order. Codes come in their short 2/4/6/9/12-digit form
// and are padded to 12 digits; every parent column must be a prefix of the code, and the deepest
// one names the parent.
//
// The parent must be in the same file or known: import the files top down, passing a known that
// answers for what earlier files loaded. streets.csv alone therefore fails, as it should.
//
// modood repeats a division one level down when it has no subdivisions of that kind: 东莞市,
// 中山市 and 儋州市 appear in areas.csv as 441900, 442000 and 460400, and 金门县 appears in
// streets.csv as 350527000. Padded, such a row has its parent's own code, so it is skipped (after
// checking that its parent exists); the towns beneath it attach to the real division.
//
// Results and errors are as for ParseDivisionCSV.
func ParseModoodCSV(name string, r io.Reader, known func(string) bool) ([]Region, error) {
	return parse(name, r, known, formatModood)
}

// ParseFile parses a division file in either supported format, chosen by its header line.
func ParseFile(name string, r io.Reader, known func(string) bool) ([]Region, error) {
	return parse(name, r, known, formatAny)
}

type format int

const (
	formatAny format = iota
	formatDivision
	formatModood
)

// layout describes a recognised header.
type layout struct {
	format format
	ncols  int
	// level is the level of every row in a modood file; 0 for the division format, whose rows
	// carry their own level.
	level Level
	// code, name and parents are column indexes; parents[l] is the column holding the short code
	// of the level-l ancestor, or -1.
	code, name int
	parents    [LevelTown + 1]int
}

// row is one parsed line waiting for the whole-file checks.
type row struct {
	line   int
	region Region
	// placeholder marks a modood row that repeats its parent (see ParseModoodCSV).
	placeholder bool
}

// errList collects problems up to maxErrors and counts the rest.
type errList struct {
	file    string
	errs    []*ParseError
	dropped int
}

func (l *errList) add(line int, format string, args ...any) {
	if len(l.errs) >= maxErrors {
		l.dropped++
		return
	}
	l.errs = append(l.errs, &ParseError{File: l.file, Line: line, Err: fmt.Errorf(format, args...)})
}

func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(l.errs, func(a, b *ParseError) int { return cmp.Compare(a.Line, b.Line) })
	errs := make([]error, 0, len(l.errs)+1)
	for _, e := range l.errs {
		errs = append(errs, e)
	}
	if l.dropped > 0 {
		errs = append(errs, fmt.Errorf("%s: %d more problems not shown", l.file, l.dropped))
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

func parse(name string, r io.Reader, known func(string) bool, want format) ([]Region, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // column counts are checked here, with a clearer message
	cr.ReuseRecord = true
	errs := &errList{file: name}

	header, err := cr.Read()
	if err == io.EOF {
		errs.add(1, "empty file, want a header line")
		return nil, errs.err()
	}
	if err != nil {
		return nil, readError(name, err)
	}
	lay, err := detect(header, want)
	if err != nil {
		line, _ := cr.FieldPos(0)
		errs.add(line, "%v", err)
		return nil, errs.err()
	}

	var rows []row
	firstLine := make(map[string]int)
	// broken holds the codes of rows already reported, so their children do not each add an
	// "unknown parent" error for the same mistake.
	broken := make(map[string]bool)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// The CSV reader cannot resynchronise reliably after a quoting error, so stop here
			// and report what was found so far together with this error.
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs.add(pe.Line, "%v", pe.Err)
				return nil, errs.err()
			}
			return nil, readError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != lay.ncols {
			errs.add(line, "got %d columns, want %d", len(rec), lay.ncols)
			continue
		}
		var rw row
		var rowErr error
		if lay.format == formatDivision {
			rw, rowErr = divisionRow(rec)
		} else {
			rw, rowErr = modoodRow(rec, lay)
		}
		if rowErr != nil {
			errs.add(line, "%v", rowErr)
			if code := rowCode(rec, lay); code != "" {
				broken[code] = true
			}
			continue
		}
		rw.line = line
		if !rw.placeholder {
			if first, dup := firstLine[rw.region.Code]; dup {
				errs.add(line, "duplicate code %s (first on line %d)", rw.region.Code, first)
				continue
			}
			firstLine[rw.region.Code] = line
		}
		rows = append(rows, rw)
	}

	// Parents are checked once the whole file is read, because a file need not list a parent
	// before its children.
	for _, rw := range rows {
		p := rw.region.Parent
		if p == "" {
			continue
		}
		if _, ok := firstLine[p]; ok || broken[p] {
			continue
		}
		if known != nil && known(p) {
			continue
		}
		errs.add(rw.line, "unknown parent %s of %s", p, rw.region.Code)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}

	out := make([]Region, 0, len(rows))
	for _, rw := range rows {
		if !rw.placeholder {
			out = append(out, rw.region)
		}
	}
	slices.SortFunc(out, compareLevelCode)
	return out, nil
}

func compareLevelCode(a, b Region) int {
	if c := cmp.Compare(a.Level, b.Level); c != 0 {
		return c
	}
	return strings.Compare(a.Code, b.Code)
}

func readError(name string, err error) error {
	return &ParseError{File: name, Err: fmt.Errorf("read: %w", err)}
}

// detect recognises a header line. want restricts the formats accepted.
func detect(header []string, want format) (layout, error) {
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.TrimSpace(h)
	}
	if len(cols) > 0 {
		// Spreadsheet programs prepend a byte-order mark when saving CSV as UTF-8.
		cols[0] = strings.TrimPrefix(cols[0], "\uFEFF")
	}
	got := strings.Join(cols, ",")

	if slices.Equal(cols, divisionHeader) {
		if want == formatModood {
			return layout{}, fmt.Errorf("header %q is the division format, not an NBS (modood) file", got)
		}
		return layout{format: formatDivision, ncols: len(cols), code: 0, name: 1}, nil
	}
	if lay, ok := modoodLayout(cols); ok {
		if want == formatDivision {
			return layout{}, fmt.Errorf("header %q is an NBS (modood) file, want %q", got, strings.Join(divisionHeader, ","))
		}
		return lay, nil
	}
	switch want {
	case formatDivision:
		return layout{}, fmt.Errorf("header %q, want %q", got, strings.Join(divisionHeader, ","))
	case formatModood:
		return layout{}, fmt.Errorf("header %q is not one of the NBS (modood) files: want code,name plus the parent columns provinceCode, cityCode, areaCode, streetCode down to the file's level", got)
	}
	return layout{}, fmt.Errorf("unrecognised header %q: want %q or an NBS (modood) header", got, strings.Join(divisionHeader, ","))
}

// modoodLayout recognises a modood header: code and name, plus the parent columns of every level
// above the file's own, in any order, and nothing else.
func modoodLayout(cols []string) (layout, bool) {
	lay := layout{format: formatModood, ncols: len(cols), code: -1, name: -1}
	for l := range lay.parents {
		lay.parents[l] = -1
	}
	seen := 0
	for i, c := range cols {
		switch c {
		case "code":
			if lay.code >= 0 {
				return layout{}, false
			}
			lay.code = i
			continue
		case "name":
			if lay.name >= 0 {
				return layout{}, false
			}
			lay.name = i
			continue
		}
		l := Level(slices.Index(modoodParentCols[:], c))
		if l < LevelProvince || lay.parents[l] >= 0 {
			return layout{}, false
		}
		lay.parents[l] = i
		seen++
	}
	if lay.code < 0 || lay.name < 0 {
		return layout{}, false
	}
	// A file of level L has exactly the parent columns of levels 1..L-1.
	lay.level = Level(seen + 1)
	for l := LevelProvince; l < lay.level; l++ {
		if lay.parents[l] < 0 {
			return layout{}, false
		}
	}
	return lay, true
}

// rowCode returns the 12-digit code of a row that failed to parse, or "" if even the code is bad.
func rowCode(rec []string, lay layout) string {
	code := strings.TrimSpace(rec[lay.code])
	if lay.format == formatModood {
		if len(code) != shortLen[lay.level] {
			return ""
		}
		code += strings.Repeat("0", CodeLen-len(code))
	}
	if ValidCode(code) != nil {
		return ""
	}
	return code
}

func divisionRow(rec []string) (row, error) {
	code := strings.TrimSpace(rec[0])
	name := strings.TrimSpace(rec[1])
	levelText := strings.TrimSpace(rec[2])
	parent := strings.TrimSpace(rec[3])

	if err := ValidCode(code); err != nil {
		return row{}, fmt.Errorf("bad code: %v", err)
	}
	if name == "" {
		return row{}, fmt.Errorf("empty name for %s", code)
	}
	lvl := LevelOfCode(code)
	n, err := strconv.Atoi(levelText)
	if err != nil {
		return row{}, fmt.Errorf("level %q of %s is not a number", levelText, code)
	}
	if Level(n) != lvl {
		return row{}, fmt.Errorf("level %d does not match code %s, which is a %s (level %d)", n, code, lvl, lvl)
	}
	want := ParentOfCode(code)
	switch {
	case parent == "":
		parent = want
	case want == "":
		return row{}, fmt.Errorf("province %s cannot have parent %s", code, parent)
	case parent != want:
		if err := ValidCode(parent); err != nil {
			return row{}, fmt.Errorf("bad parent code: %v", err)
		}
		if pl, wl := LevelOfCode(parent), LevelOfCode(want); pl != wl {
			return row{}, fmt.Errorf("parent %s of %s is a %s (level %d), want a %s (level %d): %s", parent, code, pl, pl, wl, wl, want)
		}
		return row{}, fmt.Errorf("parent %s does not contain %s, want %s", parent, code, want)
	}
	return row{region: Region{Code: code, Name: name, Level: lvl, Parent: parent}}, nil
}

// shortLen is the length of a code in the short form modood publishes, by level.
var shortLen = [...]int{LevelProvince: 2, LevelPrefecture: 4, LevelCounty: 6, LevelTown: 9, LevelVillage: 12}

func modoodRow(rec []string, lay layout) (row, error) {
	short := strings.TrimSpace(rec[lay.code])
	name := strings.TrimSpace(rec[lay.name])
	if n := shortLen[lay.level]; len(short) != n {
		return row{}, fmt.Errorf("bad code: %q has %d digits, a %s code has %d", short, len(short), lay.level, n)
	}
	code := short + strings.Repeat("0", CodeLen-len(short))
	if err := ValidCode(code); err != nil {
		return row{}, fmt.Errorf("bad code: %v", err)
	}
	if name == "" {
		return row{}, fmt.Errorf("empty name for %s", short)
	}
	// Every ancestor column is redundant with the code's prefix; a mismatch means the row was
	// edited by hand or the columns were shuffled, so it is rejected rather than guessed at.
	for l := LevelProvince; l < lay.level; l++ {
		got := strings.TrimSpace(rec[lay.parents[l]])
		if got != short[:shortLen[l]] {
			return row{}, fmt.Errorf("%s %q does not match code %s", modoodParentCols[l], got, short)
		}
	}
	var parent string
	if lay.level > LevelProvince {
		p := short[:shortLen[lay.level-1]]
		parent = p + strings.Repeat("0", CodeLen-len(p))
	}
	if code == parent {
		// A placeholder repeating its parent; keep the parent for the existence check.
		return row{region: Region{Code: code, Name: name, Parent: parent}, placeholder: true}, nil
	}
	// Padding a short code of the file's length whose last segment is non-zero always yields a
	// code of the file's level, and the zero-segment case is the placeholder above.
	return row{region: Region{Code: code, Name: name, Level: lay.level, Parent: parent}}, nil
}
