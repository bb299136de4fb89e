package pricing

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// Errors of the price models, wrapped with the field and the value.
var (
	// ErrInvalidPrice: a price field is missing or not one of the allowed values.
	ErrInvalidPrice = errors.New("invalid price")
	// ErrTierOrder: tier bounds are not strictly increasing.
	ErrTierOrder = errors.New("tier bounds not strictly increasing")
	// ErrTiersOpenEnd: the tiers do not end with exactly one open ("inf") tier.
	ErrTiersOpenEnd = errors.New("tiers must end with exactly one open tier")
	// ErrInvalidTiers: tiers are missing, too many, or have a bad amount.
	ErrInvalidTiers = errors.New("invalid tiers")
	// ErrNegativeQuantity: a quantity or usage quantity is below zero.
	ErrNegativeQuantity = errors.New("negative quantity")
	// ErrNegativeAmount: a price amount is below zero.
	ErrNegativeAmount = errors.New("negative amount")
	// ErrTransformWithTiers: transform_quantity is combined with tiers.
	ErrTransformWithTiers = errors.New("transform_quantity cannot be combined with tiers")
	// ErrInvalidTransform: transform_quantity.divide_by is below 1 or the rounding is unknown.
	ErrInvalidTransform = errors.New("invalid transform_quantity")
	// ErrCurrencyUnavailable: the price has no amount in the requested currency.
	ErrCurrencyUnavailable = errors.New("price has no amount in this currency")
)

// MaxTiers is the most tiers a price may have.
const MaxTiers = 1000

// Recurring describes a recurring price: a period of IntervalCount Intervals.
type Recurring struct {
	// Interval is the unit of the billing period; the zero value is [Month].
	Interval Interval
	// IntervalCount is the number of Intervals in a period, 1 to
	// [Interval.MaxIntervalCount] (three years); 0 means 1, and [NewPrice] stores 1.
	IntervalCount int
	// UsageType says whether the quantity is set in advance ([Licensed], the zero
	// value) or reported as usage ([Metered]).
	UsageType UsageType
	// AggregateUsage says how a metered price turns a period's usage records into a
	// quantity; the zero value is [AggregateSum]. Licensed prices ignore it.
	AggregateUsage Aggregation
	// BucketSize, for a metered price, aggregates the usage per time bucket (UTC) by
	// AggregateUsage and bills the buckets' sum (Flexprice's bucket_size, e.g. the
	// largest value of each hour, added up); [NoBucket] (the default, Stripe)
	// aggregates the period as one. With a bucket AggregateUsage is sum, max or
	// last_during_period. See [AggregateBuckets].
	BucketSize Bucket
	// Prorated, for a metered price that sums its usage, weighs each unit by the
	// part of the period it was present (Lago's prorated charge on a recurring
	// metric): units persist across periods, records add (positive quantities) and
	// remove (negative, [NewSignedUsageRecord]) them, and a unit counts days ÷ the
	// period's days. false (the default, Stripe) sums the period's quantities. A
	// prorated price is per unit or tiered, without a transform, minimum or
	// maximum. See [AggregateProrated].
	Prorated bool
}

// Product is what a price sells. Both fields may be empty (the zero Product).
type Product struct {
	// ID is the product's id ("prod_…"), matched against a coupon's product list.
	ID string
	// Name is the product's display name, shown on invoice lines when set.
	Name string
}

// Tier is one tier of a tiered price. Amounts are in major units of the currency
// (10.50 for 10.50 USD, not 1050); zero amounts are allowed.
type Tier struct {
	// UpTo is the tier's inclusive upper bound on the quantity, above the previous
	// tier's; ignored when Inf.
	UpTo decimal.Decimal
	// Inf marks the open last tier (Stripe's up_to "inf"); exactly the last tier has it.
	Inf bool
	// UnitAmount is charged per unit of the quantity in the tier, major units.
	UnitAmount decimal.Decimal
	// FlatAmount is charged once when the quantity reaches the tier, major units.
	FlatAmount decimal.Decimal
	// BlockSize, when above 1, prices the tier in blocks of that many units, every
	// started block billed whole (Kill Bill's tiered blocks): UnitAmount is then the
	// amount per block. A bounded tier must span a whole number of blocks. 0 (the
	// default) and 1 price each unit; at most 10^15.
	BlockSize int64
}

// TransformQuantity bills packages: the quantity divided by DivideBy, rounded to a
// whole number ("per 5 seats", "per started hour of 60 minutes").
type TransformQuantity struct {
	// DivideBy is the package size, 1 to 10^15 (0 is refused).
	DivideBy int64
	// FreeUnits are taken off the quantity before it is divided (Lago's package
	// charge: the first FreeUnits units are free, packages count from the next one);
	// 0 (the default) to 10^15.
	FreeUnits int64
	// Round says how a part package is billed: [TransformRoundUp] (the zero value)
	// bills it, [TransformRoundDown] drops it.
	Round TransformRound
}

// CurrencyOption is a price's amounts in another currency (Stripe's currency_options),
// in major units of that currency. It has the fields of the price's scheme: a unit
// amount for per-unit prices, tiers (with the price's bounds) for tiered ones.
type CurrencyOption struct {
	// UnitAmount is the per-unit amount in this currency, major units; zero for a
	// tiered price.
	UnitAmount decimal.Decimal
	// Tiers are the tiers in this currency, the same number and bounds as the price's;
	// nil for a per-unit price.
	Tiers []Tier
	// Minimum and Maximum bound the line amount in this currency, major units; nil
	// (the default) means no bound. They are independent of the price's own.
	Minimum, Maximum *decimal.Decimal
}

// PriceParams are the fields of a price, validated by [NewPrice]. Amounts are in
// major units of their currency (Stripe's unit_amount 1050 is 10.50 USD).
type PriceParams struct {
	// ID is the price's id ("price_…"); it may be empty.
	ID string
	// Nickname is a display name for the price, used when the product has no name;
	// it may be empty.
	Nickname string
	// Product is what the price sells; the zero Product is allowed.
	Product Product
	// Currency is the price's own currency; required.
	Currency Currency
	// BillingScheme is [PerUnit] (the zero value: UnitAmount) or [Tiered] (Tiers).
	BillingScheme BillingScheme
	// TiersMode is [Graduated] (the zero value) or [Volume]; used by tiered prices only.
	TiersMode TiersMode
	// UnitAmount is the amount per unit of a per-unit price, major units, ≥ 0; it
	// must be zero for a tiered price.
	UnitAmount decimal.Decimal
	// Tiers are a tiered price's tiers, 1 to [MaxTiers], bounds strictly increasing,
	// the last one open; nil for a per-unit price.
	Tiers []Tier
	// TransformQuantity, when set, bills whole packages of a per-unit price; nil (the
	// default) bills the quantity as it is. Tiered prices cannot have one.
	TransformQuantity *TransformQuantity
	// Recurring is the price's billing period and usage type; nil (the default) is a
	// one-time price.
	Recurring *Recurring
	// CurrencyOptions are the price's amounts in other currencies, keyed by currency
	// (not the price's own); nil or empty means the price's currency only.
	CurrencyOptions map[Currency]CurrencyOption
	// Minimum and Maximum bound the line amount (a minimum or maximum charge, as Lago
	// and Orb offer), applied to the exact amount before rounding, major units; nil
	// (the default) means no bound. Maximum may not be below Minimum.
	Minimum, Maximum *decimal.Decimal
	// TierRounding says where a quote rounds: [TierRoundingOnce] (the default, as
	// Stripe) rounds the price's exact amount once; [TierRoundingEachLine] rounds each
	// tier's unit line and flat line on its own (OpenMeter). See [TierRounding].
	TierRounding TierRounding
	// Dynamic, for a metered price, bills the amounts the period's usage records
	// carry, summed (Lago's dynamic charge); false (the default, Stripe) prices the
	// quantity. A dynamic price is per unit with a zero UnitAmount, no tiers,
	// transform or currency options. See [AggregateAmounts].
	Dynamic bool
	// Percentage, when set on a metered price, charges a percentage of each usage
	// record's amount, with a fee per transaction (Lago's percentage charge); nil
	// (the default, Stripe) prices the quantity. Like Dynamic it excludes a unit
	// amount, tiers, a transform and currency options. See [PercentageCharge].
	Percentage *PercentageCharge
}

// amounts is a price's validated amounts in one currency, with the same amounts as
// num for quoting (computed once, when the price is built).
type amounts struct {
	currency         Currency
	unit             decimal.Decimal
	minimum, maximum *decimal.Decimal

	// The tiers are kept in their num forms only (tier gives each back exactly,
	// coefficient and exponent): a price does not hold the decimals it was built from.
	// blocks are the tiers' BlockSize, nil when no tier has one; the last tier is the
	// open one.
	blocks []int64

	unitN      num
	upTo       numList // the tiers' UpTo; the open last tier's as given, not a bound
	unitAmount numList // the tiers' UnitAmount
	flatAmount numList // the tiers' FlatAmount
	// below[i] is what tiers 0 to i−1 cost when the quantity passes them all
	// (graduated tiers): the exact sum, in order, of each tier's span × unit amount +
	// flat amount, from decimal.Zero, as a tier-by-tier quote adds them.
	below              numList
	minimumN, maximumN num
	// conv is the price's tiers under the engine conventions (block tiers, lines
	// rounded each); nil when the price has none of them.
	conv *tierConv
	// The price's terms, the same in every currency, for a Quote to read them from
	// its amounts (set by NewPrice).
	scheme    BillingScheme
	mode      TiersMode
	rounding  TierRounding
	dynamic   bool
	transform *TransformQuantity
}

// prepare computes the amounts' num forms, those of the validated tiers and the
// tiers' sums below each tier; r is the price's tier rounding.
func (a *amounts) prepare(tiers []Tier, r TierRounding) {
	a.unitN = numOf(a.unit)
	if a.minimum != nil {
		a.minimumN = numKept(*a.minimum)
	}
	if a.maximum != nil {
		a.maximumN = numKept(*a.maximum)
	}
	if len(tiers) == 0 {
		return
	}
	n := len(tiers)
	lists := makeNumLists(n, 4)
	a.upTo, a.unitAmount, a.flatAmount, a.below = lists[0], lists[1], lists[2], lists[3]
	for i := range tiers {
		if tiers[i].BlockSize != 0 {
			a.blocks = make([]int64, n)
			for k := range tiers {
				a.blocks[k] = tiers[k].BlockSize
			}
			break
		}
	}
	total, prev := numZero, numZero
	for i := range tiers {
		t := &tiers[i]
		upTo, unit, flat := numOf(t.UpTo), numOf(t.UnitAmount), numOf(t.FlatAmount)
		a.upTo.set(i, upTo)
		a.unitAmount.set(i, unit)
		a.flatAmount.set(i, flat)
		a.below.set(i, total)
		if !t.Inf {
			total = total.add(upTo.sub(prev).mul(unit).add(flat))
			prev = upTo
		}
	}
	a.prepareConv(r)
}

// tier returns tier i as NewPrice was given it, the same coefficients and exponents.
func (a *amounts) tier(i int) Tier {
	t := Tier{UpTo: a.upTo.at(i).decOrZero(), Inf: i == a.upTo.len()-1, UnitAmount: a.unitAmount.at(i).decOrZero(), FlatAmount: a.flatAmount.at(i).decOrZero()}
	if a.blocks != nil {
		t.BlockSize = a.blocks[i]
	}
	return t
}

// tierList returns the tiers as NewPrice was given them (nil for a per-unit price).
func (a *amounts) tierList() []Tier {
	if a.upTo.len() == 0 {
		return nil
	}
	tiers := make([]Tier, a.upTo.len())
	for i := range tiers {
		tiers[i] = a.tier(i)
	}
	return tiers
}

// block returns tier i's block size: 1 when it has none.
func (a *amounts) block(i int) int64 {
	if a.blocks == nil || a.blocks[i] <= 1 {
		return 1
	}
	return a.blocks[i]
}

// Price is a validated, immutable price. Build it with [NewPrice]; the zero Price is
// not valid and its Quote returns an error.
type Price struct {
	id, nickname string
	product      Product
	scheme       BillingScheme
	mode         TiersMode
	rounding     TierRounding
	transform    *TransformQuantity
	recurring    *Recurring
	dynamic      bool
	percentage   *PercentagePrice
	// amounts are the price's own currency's first, then its options' sorted by
	// currency code; none in the zero Price. A slice keeps Price small to copy.
	amounts []amounts
}

// NewPrice validates p and returns the price. An error is a [*FieldError] whose Field
// is the path of the offending field in p ("UnitAmount", "Tiers[2].UpTo",
// "CurrencyOptions[EUR].Tiers[1].UnitAmount", with the currency code in upper case)
// and whose cause names the value and wraps one of the package's sentinels.
func NewPrice(p PriceParams) (Price, error) {
	if p.Currency.IsZero() {
		return Price{}, fieldErr("Currency", fmt.Errorf("%w: no currency", ErrUnknownCurrency))
	}
	if p.BillingScheme > Tiered {
		return Price{}, fieldErr("BillingScheme", fmt.Errorf("%w: billing scheme %d (want PerUnit or Tiered)", ErrInvalidPrice, p.BillingScheme))
	}
	if p.TiersMode > Volume {
		return Price{}, fieldErr("TiersMode", fmt.Errorf("%w: tiers mode %d (want Graduated or Volume)", ErrInvalidPrice, p.TiersMode))
	}
	if p.TierRounding > TierRoundingEachLine {
		return Price{}, fieldErr("TierRounding", fmt.Errorf("%w: tier rounding %d (want TierRoundingOnce or TierRoundingEachLine)", ErrInvalidPrice, p.TierRounding))
	}
	out := Price{id: p.ID, nickname: p.Nickname, product: p.Product, scheme: p.BillingScheme, mode: p.TiersMode, rounding: p.TierRounding}
	if t := p.TransformQuantity; t != nil {
		if p.BillingScheme == Tiered {
			return Price{}, fieldErr("TransformQuantity", ErrTransformWithTiers)
		}
		if t.DivideBy < 1 || t.DivideBy > 1e15 {
			return Price{}, fieldErr("TransformQuantity.DivideBy", fmt.Errorf("%w: divide by %d (want 1 to 10^15)", ErrInvalidTransform, t.DivideBy))
		}
		if t.Round > TransformRoundDown {
			return Price{}, fieldErr("TransformQuantity.Round", fmt.Errorf("%w: round %d (want TransformRoundUp or TransformRoundDown)", ErrInvalidTransform, t.Round))
		}
		if err := checkFreeUnits(t.FreeUnits); err != nil {
			return Price{}, fieldErr("TransformQuantity.FreeUnits", err)
		}
		tc := *t
		out.transform = &tc
	}
	if r := p.Recurring; r != nil {
		rc := *r
		if !rc.Interval.Valid() {
			return Price{}, fieldErr("Recurring.Interval", fmt.Errorf("%w: %s", ErrInvalidInterval, rc.Interval))
		}
		if rc.IntervalCount == 0 {
			rc.IntervalCount = 1
		}
		if rc.IntervalCount < 1 || rc.IntervalCount > rc.Interval.MaxIntervalCount() {
			return Price{}, fieldErr("Recurring.IntervalCount", fmt.Errorf("%w: %d (want 1 to %d for %s)", ErrInvalidInterval, rc.IntervalCount, rc.Interval.MaxIntervalCount(), rc.Interval))
		}
		if rc.UsageType > Metered {
			return Price{}, fieldErr("Recurring.UsageType", fmt.Errorf("%w: usage type %d (want Licensed or Metered)", ErrInvalidPrice, rc.UsageType))
		}
		if rc.AggregateUsage > AggregateLastEver {
			return Price{}, fieldErr("Recurring.AggregateUsage", fmt.Errorf("%w: aggregate usage %d", ErrInvalidPrice, rc.AggregateUsage))
		}
		if err := checkBucket(rc); err != nil {
			return Price{}, err
		}
		out.recurring = &rc
	}
	if err := out.setUsageModel(&p); err != nil {
		return Price{}, err
	}
	main, err := newAmounts(p.Currency, p.BillingScheme, p.UnitAmount, p.Tiers, p.Minimum, p.Maximum, "")
	if err != nil {
		return Price{}, err
	}
	main.prepare(p.Tiers, p.TierRounding)
	out.amounts = make([]amounts, 1, 1+len(p.CurrencyOptions))
	out.amounts[0] = main
	codes := make([]Currency, 0, len(p.CurrencyOptions))
	for c := range p.CurrencyOptions {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b Currency) int { return strings.Compare(a.Code(), b.Code()) })
	for _, c := range codes {
		o := p.CurrencyOptions[c]
		if c.IsZero() {
			return Price{}, fieldErr("CurrencyOptions", fmt.Errorf("%w: an option without a currency", ErrUnknownCurrency))
		}
		prefix := "CurrencyOptions[" + c.Code() + "]"
		if c == p.Currency {
			return Price{}, fieldErr(prefix, fmt.Errorf("%w: %s is the price's own currency", ErrInvalidPrice, c.Code()))
		}
		a, err := newAmounts(c, p.BillingScheme, o.UnitAmount, o.Tiers, o.Minimum, o.Maximum, prefix+".")
		if err != nil {
			return Price{}, err
		}
		if p.BillingScheme == Tiered {
			ot, mt := o.Tiers, p.Tiers // both validated
			if len(ot) != len(mt) {
				return Price{}, fieldErr(prefix+".Tiers", fmt.Errorf("%w: %d tiers, the price has %d", ErrInvalidTiers, len(ot), len(mt)))
			}
			for i := range ot {
				if ot[i].Inf != mt[i].Inf || !ot[i].UpTo.Equal(mt[i].UpTo) {
					return Price{}, fieldErr(fmt.Sprintf("%s.Tiers[%d].UpTo", prefix, i), fmt.Errorf("%w: %s differs from the price's %s", ErrInvalidTiers, boundString(ot[i]), boundString(mt[i])))
				}
				if blockOf(ot[i]) != blockOf(mt[i]) {
					return Price{}, fieldErr(fmt.Sprintf("%s.Tiers[%d].BlockSize", prefix, i), fmt.Errorf("%w: block size %d differs from the price's %d", ErrInvalidTiers, ot[i].BlockSize, mt[i].BlockSize))
				}
			}
		}
		a.prepare(o.Tiers, p.TierRounding)
		out.amounts = append(out.amounts, a)
	}
	for i := range out.amounts {
		a := &out.amounts[i]
		a.scheme, a.mode, a.rounding, a.dynamic, a.transform = out.scheme, out.mode, out.rounding, out.dynamic, out.transform
	}
	return out, nil
}

// fieldErr returns err as a [*FieldError] at field.
func fieldErr(field string, err error) error { return &FieldError{Field: field, Err: err} }

// boundString formats a tier's upper bound for an error message: "inf" for the open tier.
func boundString(t Tier) string {
	if t.Inf {
		return "inf"
	}
	return text.ShortDecimal(t.UpTo)
}

// newAmounts validates the amounts of one currency; prefix is "" for the price's own
// and "CurrencyOptions[EUR]." for an option, and starts the field of every error.
func newAmounts(c Currency, scheme BillingScheme, unit decimal.Decimal, tiers []Tier, min, max *decimal.Decimal, prefix string) (amounts, error) {
	a := amounts{currency: c}
	check := func(field string, d decimal.Decimal) error {
		if d.Sign() < 0 {
			return fieldErr(prefix+field, fmt.Errorf("%w: %s", ErrNegativeAmount, text.ShortDecimal(d)))
		}
		if err := CheckMoneyBounds(New(d, c)); err != nil {
			return fieldErr(prefix+field, err)
		}
		return nil
	}
	if scheme == PerUnit {
		if len(tiers) > 0 {
			return a, fieldErr(prefix+"Tiers", fmt.Errorf("%w: tiers need BillingScheme Tiered", ErrInvalidTiers))
		}
		if err := check("UnitAmount", unit); err != nil {
			return a, err
		}
		a.unit = unit
	} else {
		if !unit.IsZero() {
			return a, fieldErr(prefix+"UnitAmount", fmt.Errorf("%w: %s with BillingScheme Tiered (tiers carry the amounts)", ErrInvalidPrice, text.ShortDecimal(unit)))
		}
		if len(tiers) == 0 || len(tiers) > MaxTiers {
			return a, fieldErr(prefix+"Tiers", fmt.Errorf("%w: %d tiers (want 1 to %d)", ErrInvalidTiers, len(tiers), MaxTiers))
		}
		for i, t := range tiers {
			last := i == len(tiers)-1
			upTo := fmt.Sprintf("Tiers[%d].UpTo", i)
			switch {
			case t.Inf && !last:
				return a, fieldErr(prefix+upTo, fmt.Errorf("%w: tier %d of %d is open", ErrTiersOpenEnd, i, len(tiers)))
			case !t.Inf && last:
				return a, fieldErr(prefix+upTo, fmt.Errorf("%w: the last tier ends at %s", ErrTiersOpenEnd, text.ShortDecimal(t.UpTo)))
			}
			if !t.Inf {
				if err := CheckBounds(t.UpTo); err != nil {
					return a, fieldErr(prefix+upTo, err)
				}
				if t.UpTo.Sign() <= 0 {
					return a, fieldErr(prefix+upTo, fmt.Errorf("%w: %s is not above 0", ErrTierOrder, text.ShortDecimal(t.UpTo)))
				}
				if i > 0 && !t.UpTo.GreaterThan(tiers[i-1].UpTo) {
					return a, fieldErr(prefix+upTo, fmt.Errorf("%w: %s after %s", ErrTierOrder, text.ShortDecimal(t.UpTo), text.ShortDecimal(tiers[i-1].UpTo)))
				}
			}
			if err := check(fmt.Sprintf("Tiers[%d].UnitAmount", i), t.UnitAmount); err != nil {
				return a, err
			}
			if err := check(fmt.Sprintf("Tiers[%d].FlatAmount", i), t.FlatAmount); err != nil {
				return a, err
			}
			if err := checkBlock(tiers, i); err != nil {
				return a, fieldErr(fmt.Sprintf("%sTiers[%d].BlockSize", prefix, i), err)
			}
		}
	}
	if min != nil {
		if err := check("Minimum", *min); err != nil {
			return a, err
		}
		v := *min
		a.minimum = &v
	}
	if max != nil {
		if err := check("Maximum", *max); err != nil {
			return a, err
		}
		if min != nil && max.LessThan(*min) {
			return a, fieldErr(prefix+"Maximum", fmt.Errorf("%w: maximum %s is below minimum %s", ErrInvalidPrice, text.ShortDecimal(*max), text.ShortDecimal(*min)))
		}
		v := *max
		a.maximum = &v
	}
	return a, nil
}

// ID returns the price's ID.
func (p Price) ID() string { return p.id }

// Nickname returns the price's nickname.
func (p Price) Nickname() string { return p.nickname }

// Product returns the product the price sells.
func (p Price) Product() Product { return p.product }

// Currency returns the price's own currency.
func (p Price) Currency() Currency {
	if len(p.amounts) == 0 {
		return Currency{}
	}
	return p.amounts[0].currency
}

// BillingScheme returns per_unit or tiered.
func (p Price) BillingScheme() BillingScheme { return p.scheme }

// TiersMode returns graduated or volume (meaningful for tiered prices).
func (p Price) TiersMode() TiersMode { return p.mode }

// Recurring returns the recurrence and true, or false for a one-time price.
func (p Price) Recurring() (Recurring, bool) {
	if p.recurring == nil {
		return Recurring{}, false
	}
	return *p.recurring, true
}

// IsMetered reports whether the price bills reported usage.
func (p Price) IsMetered() bool { return p.recurring != nil && p.recurring.UsageType == Metered }

// DisplayName returns the name to show on an invoice: the product's name, else the
// nickname, else the product ID, else the price ID.
func (p Price) DisplayName() string {
	for _, s := range []string{p.product.Name, p.nickname, p.product.ID, p.id} {
		if s != "" {
			return s
		}
	}
	return "price"
}

// Currencies returns every currency the price has an amount in, sorted by code.
func (p Price) Currencies() []Currency {
	out := make([]Currency, 0, len(p.amounts))
	for _, a := range p.amounts {
		out = append(out, a.currency)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code() < out[j].Code() })
	return out
}

func (p *Price) amountsIn(c Currency) (*amounts, error) {
	if len(p.amounts) == 0 {
		return nil, fmt.Errorf("price %q: %w: zero Price (use NewPrice)", p.id, ErrInvalidPrice)
	}
	for i := range p.amounts {
		if p.amounts[i].currency == c {
			return &p.amounts[i], nil
		}
	}
	return nil, fmt.Errorf("price %q: %w: %s (it has %s)", p.id, ErrCurrencyUnavailable, codeOrNone(c), currencyList(p.Currencies()))
}

func currencyList(cs []Currency) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.Code()
	}
	return strings.Join(s, ", ")
}
