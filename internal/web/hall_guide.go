package web

// The printable service guide of an item (/guide/{code}, 办事指南): public,
// for the window to post and hand out and for applicants to read before
// they come; the print style sheet drops the header and navigation.

import (
	"net/http"

	"tongban/internal/catalog"
	"tongban/internal/hall"
)

func init() {
	register("GET /guide/{code}", true, func(ui *UI) handler { return ui.hallGuide })
}

type hallGuideData struct {
	G     hall.Guide
	Item  catalog.Item
	Fee   string
	Level []string
}

func (ui *UI) hallGuide(w http.ResponseWriter, r *http.Request, p *Page) error {
	g, err := ui.hall().ItemGuide(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	d := hallGuideData{G: g, Item: g.Item, Fee: p.T("item.fee.none")}
	if g.Item.Fee > 0 {
		d.Fee = p.T("item.fee.amount", "yuan", g.Item.Fee.String(), "basis", g.Item.FeeBasis)
	}
	for _, l := range g.Item.Levels {
		d.Level = append(d.Level, p.T("item.level."+string(l)))
	}
	p.Title = p.T("item.guide.title", "item", p.Name(g.Item.NameZH, g.Item.NameMN))
	p.Data = d
	ui.render(w, http.StatusOK, p, "guide_item")
	return nil
}
