package previewjson

import (
	"errors"
	"strconv"
	"strings"

	"github.com/pricekit/pricekit/pricing"
)

// From Go field paths (a constructor's or Preview's [*pricing.FieldError]) to the
// JSON paths the user wrote.

// fromField returns err at the JSON path of its field: a FieldError's Go path is
// mapped by name (relative to the value at base); any other error is placed at base.
func fromField(err error, base string, name func(goPath string) string) error {
	var fe *pricing.FieldError
	if errors.As(err, &fe) {
		if fe.Field == "" {
			return at(base, fe.Err)
		}
		return at(joinPath(base, name(fe.Field)), fe.Err)
	}
	return at(base, err)
}

// joinPath appends a relative JSON path (which may start with an index) to base.
func joinPath(base, rel string) string {
	switch {
	case rel == "":
		return base
	case base == "" || base == "$":
		return rel
	case rel[0] == '[':
		return base + rel
	}
	return base + "." + rel
}

// snakePath writes a Go field path in the format's names: "Tiers[2].UpTo" is
// "tiers[2].up_to". Index and key brackets are kept.
func snakePath(goPath, _ string) string {
	var b strings.Builder
	inBracket := false
	for i := 0; i < len(goPath); i++ {
		c := goPath[i]
		switch {
		case c == '[':
			inBracket = true
		case c == ']':
			inBracket = false
		case !inBracket && c >= 'A' && c <= 'Z':
			if i > 0 && goPath[i-1] != '.' && goPath[i-1] != ']' && !(goPath[i-1] >= 'A' && goPath[i-1] <= 'Z') {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// splitField splits a Go field path into its first segment's name, its bracket
// (without the brackets, "" when none), and the rest after the first '.' or the
// next bracket.
func splitField(f string) (name, bracket, rest string) {
	i := strings.IndexAny(f, ".[")
	if i < 0 {
		return f, "", ""
	}
	name = f[:i]
	if f[i] == '.' {
		return name, "", f[i+1:]
	}
	j := strings.IndexByte(f[i:], ']')
	if j < 0 {
		return name, f[i+1:], ""
	}
	bracket = f[i+1 : i+j]
	rest = f[i+j+1:]
	rest = strings.TrimPrefix(rest, ".")
	return name, bracket, rest
}

// priceField maps a field of pricing.PriceParams to the JSON names of the Price w.
func priceField(w *priceWire, f string) string {
	name, br, rest := splitField(f)
	switch name {
	case "UnitAmount":
		return amountName(w.UnitAmount, "unit_amount")
	case "Tiers":
		if w.Tiers == nil && w.tierForms != nil {
			return tierFieldOf(w.tierForms, br, rest)
		}
		return tierField(w.Tiers, br, rest)
	case "CurrencyOptions":
		for i := range w.CurrencyOptions {
			m := &w.CurrencyOptions[i]
			if c, err := pricing.ParseCurrency(m.key); err == nil && c.Code() == br {
				p := "currency_options." + keySegment(m.key)
				if rest == "" {
					return p
				}
				rn, rbr, rrest := splitField(rest)
				switch rn {
				case "UnitAmount":
					return p + "." + amountName(m.value.UnitAmount, "unit_amount")
				case "Tiers":
					return p + "." + tierField(m.value.Tiers, rbr, rrest)
				}
				return p + "." + snakePath(rest, "")
			}
		}
		return "currency_options"
	}
	return snakePath(f, "")
}

func tierField(ts []tierWire, br, rest string) string {
	forms := make([]tierForm, len(ts))
	for i := range ts {
		forms[i] = tierForm{unitAmount: ts[i].UnitAmount.set, flatAmount: ts[i].FlatAmount.set}
	}
	return tierFieldOf(forms, br, rest)
}

// tierFieldOf is tierField of tiers that wrote their amounts as forms says.
func tierFieldOf(forms []tierForm, br, rest string) string {
	p := "tiers"
	if br == "" {
		return p
	}
	p += "[" + br + "]"
	i, err := strconv.Atoi(br)
	if err != nil || i < 0 || i >= len(forms) || rest == "" {
		return joinPath(p, snakePath(rest, ""))
	}
	switch rest {
	case "UnitAmount":
		return p + "." + amountName(integer{set: forms[i].unitAmount}, "unit_amount")
	case "FlatAmount":
		return p + "." + amountName(integer{set: forms[i].flatAmount}, "flat_amount")
	}
	return p + "." + snakePath(rest, "")
}
