-- The global filters (fiscal years, regions, funds, themes) as every query applies them. A
-- filter is a list of codes bound as a parameter; an empty list or NULL means "all".

-- The row's code is chosen.
create or replace macro marts.chosen(choice, code) as
    len(coalesce(choice, [])) = 0 or list_contains(choice, code);

-- One of the row's codes (a grant's themes) is chosen.
create or replace macro marts.any_chosen(choice, codes) as
    len(coalesce(choice, [])) = 0 or list_has_any(choice, codes);

-- For results with one set of rows per chosen code, because people cannot be added up across
-- codes: the row is for a chosen code, or for 'ALL' when none is chosen.
create or replace macro marts.row_set_chosen(choice, code) as
    list_contains(if(len(coalesce(choice, [])) = 0, ['ALL'], choice), code);
