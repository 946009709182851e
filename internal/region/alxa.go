package region

import (
	"bytes"
	_ "embed"
	"slices"
	"sync"
)

// alxaCSV is a verbatim copy of data/divisions/alxa_1529_divisions.csv: Alxa League's 307
// divisions (NBS 2023 down to town level, the 2021 village list below that). A test keeps the two
// byte-identical, so refreshing the data is a plain copy.
//
//go:embed data/alxa.csv
var alxaCSV []byte

// innerMongolia is the province above Alxa League (内蒙古自治区), the root of the Alxa tree.
//
// The Alxa file starts at the league, whose parent 150000000000 is not in it. Alxa adds the
// province as the single root rather than making the league a root, so that a later import of
// other regions (the rest of Inner Mongolia, or any province from the NBS files) joins the same
// tree instead of creating a second 阿拉善盟 root beside 内蒙古自治区.
var innerMongolia = Region{Code: "150000000000", Name: "内蒙古自治区", Level: LevelProvince}

var alxa struct {
	once    sync.Once
	regions []Region
}

// Alxa returns the built-in divisions of Alxa League (阿拉善盟) and its province: 308 regions
// (1 province, 1 league, 4 banner-level, 39 town-level and 263 village-level), sorted parents
// first. The slice is the caller's to keep or modify.
//
// The data is parsed on first use. Alxa panics if the embedded file is broken, which a test rules
// out for every build.
func Alxa() []Region {
	alxa.once.Do(func() {
		rs, err := ParseDivisionCSV("data/alxa.csv", bytes.NewReader(alxaCSV), func(code string) bool {
			return code == innerMongolia.Code
		})
		if err != nil {
			panic("region: embedded Alxa divisions are broken: " + err.Error())
		}
		alxa.regions = append([]Region{innerMongolia}, rs...)
	})
	return slices.Clone(alxa.regions)
}
