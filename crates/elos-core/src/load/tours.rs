//! Reading `tours`: the steps' ids resolved like every other reference (positioned problems
//! with a "did you mean"), years and durations checked.

use super::{field, format_number, transpose, Field, JsonPath, Loader, Obj, Sort};
use crate::date::{YEAR_MAX, YEAR_MIN};
use crate::json::{Node, Value};
use crate::links::HomeChoice;
use crate::model::{CityIx, CooperationIx, EventIx, Item, NetworkIx, OrganisationIx, Party};
use crate::problem::{Code, Problem};
use crate::spec;
use crate::tour::{Step, Tour};

/// What a step may frame or highlight: anything with an id except a tour.
const STEP_ITEM_SORTS: [Sort; 5] = [
    Sort::City,
    Sort::Network,
    Sort::Organisation,
    Sort::Cooperation,
    Sort::Event,
];

impl<'j> Loader<'j> {
    /// `home_cities` is `None` when that list had problems of its own; a tour's home city is
    /// then only checked to be a city.
    pub(super) fn tour(
        &mut self,
        node: &'j Node<'j>,
        path: JsonPath<'_>,
        home_cities: Option<&[CityIx]>,
    ) -> Option<Tour> {
        let obj = self.object(node, path, &spec::TOUR)?;
        let id = self.id(&obj, field!(TOUR, id));
        let title = self.text(&obj, field!(TOUR, title));
        let home = match self.string(&obj, field!(TOUR, home_city_id)) {
            None => Some(HomeChoice::All),
            Some((city_id, at)) => {
                let path = obj.path_of(field!(TOUR, home_city_id));
                // Tours are few: a scan of the home cities per tour stays linear in the file.
                match (self.city_ref(city_id, at, path), home_cities) {
                    (Some(c), Some(homes)) if !homes.contains(&c) => {
                        self.report(
                            Problem::new(Code::WrongReference, path, Some(at))
                                .with("id", city_id.to_owned())
                                .term("found", "sort.cities")
                                .term("expected", "sort.home_cities"),
                        );
                        None
                    }
                    (Some(c), _) => Some(HomeChoice::One(c)),
                    (None, _) => None,
                }
            }
        };
        let steps = self.steps(&obj);
        Some(Tour {
            id: id?,
            title: title?,
            home: home?,
            steps: steps?,
        })
    }

    fn steps(&mut self, obj: &Obj<'j, '_>) -> Option<Vec<Step>> {
        let node = obj.get(field!(TOUR, steps))?;
        let Value::Array(items) = &node.value else {
            return None;
        };
        let items = self.doc.items(*items);
        let path = obj.path_of(field!(TOUR, steps));
        if items.is_empty() {
            self.report(
                Problem::new(Code::MissingField, path, Some(node.at))
                    .with("field", "steps")
                    .variant("steps"),
            );
            return None;
        }
        let read: Vec<Option<Step>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.step(item, path.index(i)))
            .collect();
        read.into_iter().collect()
    }

    fn step(&mut self, node: &'j Node<'j>, path: JsonPath<'_>) -> Option<Step> {
        let obj = self.object(node, path, &spec::TOUR_STEP)?;
        let frame = self.step_items(&obj, field!(TOUR_STEP, frame));
        let highlight = self.step_items(&obj, field!(TOUR_STEP, highlight));
        let from_year = obj
            .get(field!(TOUR_STEP, from_year))
            .map(|_| self.year(&obj, field!(TOUR_STEP, from_year)));
        let to_year = obj
            .get(field!(TOUR_STEP, to_year))
            .map(|_| self.year(&obj, field!(TOUR_STEP, to_year)));
        if let (Some(Some(from)), Some(Some(to)), Some(to_node)) =
            (from_year, to_year, obj.get(field!(TOUR_STEP, to_year)))
        {
            if to < from {
                self.report(
                    Problem::new(
                        Code::EndBeforeStart,
                        obj.path_of(field!(TOUR_STEP, to_year)),
                        Some(to_node.at),
                    )
                    .with("start", from.to_string())
                    .with("end", to.to_string())
                    .variant("years"),
                );
                return None;
            }
        }
        let caption = self.text(&obj, field!(TOUR_STEP, caption));
        let notes = self.text(&obj, field!(TOUR_STEP, notes));
        let duration_s = obj
            .get(field!(TOUR_STEP, duration_s))
            .map(|_| self.duration(&obj));
        Some(Step {
            frame: frame?,
            from_year: transpose(from_year)?,
            to_year: transpose(to_year)?,
            highlight: highlight?,
            caption: caption?,
            notes,
            duration_s: transpose(duration_s)?,
        })
    }

    /// A list of step item ids; absent is an empty list.
    fn step_items(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<Vec<Item>> {
        let Some(node) = obj.get(field) else {
            return Some(Vec::new());
        };
        let Value::Array(items) = &node.value else {
            return None;
        };
        let items = self.doc.items(*items);
        let path = obj.path_of(field);
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let item_path = path.index(i);
            let Value::String(id) = &item.value else {
                self.wrong_type(item, item_path, "type.string");
                ok = false;
                continue;
            };
            let resolved =
                self.resolve(id, item.at, item_path, &STEP_ITEM_SORTS, "sort.tour_items");
            match resolved {
                Some((Sort::City, i)) => out.push(Item::Party(Party::City(CityIx(i)))),
                Some((Sort::Network, i)) => out.push(Item::Party(Party::Network(NetworkIx(i)))),
                Some((Sort::Organisation, i)) => {
                    out.push(Item::Party(Party::Organisation(OrganisationIx(i))))
                }
                Some((Sort::Cooperation, i)) => out.push(Item::Cooperation(CooperationIx(i))),
                Some((_, i)) => out.push(Item::Event(EventIx(i))),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn year(&mut self, obj: &Obj<'j, '_>, field: Field) -> Option<i32> {
        let (value, at) = self.number(obj, field)?;
        // Integer-typed by the spec, so the value is whole; the range is the dates' own.
        if (f64::from(YEAR_MIN)..=f64::from(YEAR_MAX)).contains(&value) {
            return Some(value as i32);
        }
        self.report(
            Problem::new(Code::InvalidValue, obj.path_of(field), Some(at))
                .with("value", format_number(value))
                .with("min", YEAR_MIN.to_string())
                .with("max", YEAR_MAX.to_string())
                .variant("year"),
        );
        None
    }

    fn duration(&mut self, obj: &Obj<'j, '_>) -> Option<f64> {
        let field = field!(TOUR_STEP, duration_s);
        let (value, at) = self.number(obj, field)?;
        if value > 0.0 && value <= spec::MAX_STEP_DURATION_S {
            return Some(value);
        }
        self.report(
            Problem::new(Code::InvalidValue, obj.path_of(field), Some(at))
                .with("value", format_number(value))
                .with("max", format_number(spec::MAX_STEP_DURATION_S))
                .variant("duration"),
        );
        None
    }
}
