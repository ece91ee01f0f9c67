import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { openFirst } from './open-item';
import { event, installBackend, invalid, itemView } from './backend';
import type { ItemView } from '../src/api/items';


describe('the item detail', () => {
  it('marks estimated working days', async () => {
    const estimated = itemView({ working_days_estimated: true });
    installBackend({ handlers: { get_item: () => estimated } });
    const { detail } = await openFirst();
    expect(within(detail).getByTestId('detail-working-days')).toHaveTextContent('(estimated)');
  });

  it('shows no working days before transmission', async () => {
    const draft = itemView({
      days_with_counterpart: null,
      working_days_with_counterpart_us: null,
      working_days_with_counterpart_prc: null,
    });
    installBackend({ handlers: { get_item: () => draft } });
    const { detail } = await openFirst();
    expect(within(detail).queryByTestId('detail-working-days')).toBeNull();
  });

  it('shows the figure, the explanation and the history newest first, retractions struck through', async () => {
    const be = installBackend();
    const { detail } = await openFirst();
    expect(be.argsOf('get_item')).toEqual([{ id: 'id-0' }]);
    expect(within(detail).getByTestId('detail-days')).toHaveTextContent('1,187 days with counterpart');
    expect(within(detail).getByTestId('explanation')).toHaveTextContent(
      'Transmitted on 2021-03-01; 1,187 days with the counterpart as of 2024-06-01',
    );
    expect(within(detail).getByTestId('detail-working-days')).toHaveTextContent(
      '818 U.S. working days · 801 PRC working days',
    );
    expect(within(detail).getByTestId('detail-working-days')).not.toHaveTextContent('estimated');
    expect(within(detail).getByText('In progress', { selector: '.pill .word' })).toBeInTheDocument();

    const events = within(detail).getAllByTestId('timeline-event');
    expect(events.map((e) => e.querySelector('.when')?.textContent)).toEqual(['2024-03-01', '2021-04-10', '2021-03-01']);
    expect(events[0]).toHaveTextContent('PRC response');
    expect(events[2]).toHaveTextContent('Transmitted to counterpart');

    // The retracted entry stays, struck through, with the reason.
    const retracted = events[1];
    expect(retracted.querySelector('s')).toHaveTextContent('Receipt acknowledged');
    expect(within(retracted).getByTestId('retraction-note')).toHaveTextContent('Retracted: Recorded against the wrong item');
    expect(events[0].querySelector('s')).toBeNull();
  });

  it('shows the raise summary and records a raised event with its level and venue', async () => {
    const be = installBackend({ handlers: { record_event: () => itemView() } });
    const { user, detail } = await openFirst();
    const raised = within(detail).getByTestId('detail-raised');
    expect(raised).toHaveTextContent('Raised twice, last 2024-01-18 at cabinet level.');

    await user.click(within(detail).getByTestId('add-event'));
    expect(screen.queryByTestId('field-event-level')).toBeNull();
    await user.selectOptions(screen.getByTestId('field-event-type'), 'raised');
    await user.selectOptions(screen.getByTestId('field-event-level'), 'deputy_secretary');
    await user.type(screen.getByTestId('field-event-venue'), 'CNWG round 3');
    await user.click(screen.getByTestId('save-event'));
    await waitFor(() => expect(be.argsOf('record_event')).toHaveLength(1));
    expect(be.argsOf('record_event')[0].input).toMatchObject({ type: 'raised', level: 'deputy_secretary', venue: 'CNWG round 3' });
  });

  it('marks PRC-side events differently from U.S.-side ones', async () => {
    installBackend();
    const { detail } = await openFirst();
    const [prc, , us] = within(detail).getAllByTestId('timeline-event');
    expect(prc).toHaveAttribute('data-side', 'prc');
    expect(prc).toHaveClass('prc');
    expect(prc).toHaveTextContent('PRC side');
    expect(us).toHaveAttribute('data-side', 'us');
    expect(us).not.toHaveClass('prc');
    expect(us).toHaveTextContent('U.S. side');
  });

  it('shows the fields, with glossary labels, and links to related items', async () => {
    const be = installBackend({
      handlers: {
        get_item: (a) =>
          itemView({
            id: String(a.id),
            links: [{ id: 'id-77', reference: 'IND-207', title: 'Example Biotech Co.', relation: 'indictment', outgoing: true, words: 'Based on', words_zh: '依据' }],
          }),
      },
    });
    const { user, detail } = await openFirst();
    expect(within(detail).getByText('Subject (person)').nextElementSibling).toHaveTextContent('LIN Wei');
    expect(within(detail).getByText('Provisional arrest requested').nextElementSibling).toHaveTextContent('Yes');
    expect(within(detail).getByText('Tags').nextElementSibling).toHaveTextContent('fentanyl; priority');
    await user.click(within(detail).getByTestId('related-item'));
    await waitFor(() => expect(be.argsOf('get_item').at(-1)).toEqual({ id: 'id-77' }));
  });

  it('records an event with the input the backend expects, then refreshes detail and list', async () => {
    const after: ItemView = itemView({
      status: 'awaiting_us',
      events: [event({ id: 'ev-4', type: 'status', on: '2024-05-20', side: 'prc', status: 'awaiting_us', note: 'MPS asks for certified copies' }), ...itemView().events],
    });
    const be = installBackend({ handlers: { record_event: () => after } });
    const { user, detail } = await openFirst();
    const listCalls = be.queries().length;
    const dashCalls = be.argsOf('dashboard').length;

    await user.click(within(detail).getByTestId('add-event'));
    expect(screen.queryByTestId('field-event-status')).toBeNull();
    await user.selectOptions(screen.getByTestId('field-event-type'), 'status');
    expect(screen.getByTestId('field-event-on')).toHaveValue('2024-06-01');
    await fireEvent.input(screen.getByTestId('field-event-on'), { target: { value: '2024-05-20' } });
    await user.selectOptions(screen.getByTestId('field-event-status'), 'awaiting_us');
    await user.selectOptions(screen.getByTestId('field-event-side'), 'prc');
    await user.type(screen.getByTestId('field-event-note'), 'MPS asks for certified copies');
    await user.click(screen.getByTestId('save-event'));

    await waitFor(() => expect(be.argsOf('record_event')).toHaveLength(1));
    expect(be.argsOf('record_event')[0]).toEqual({
      id: 'id-0',
      input: {
        type: 'status',
        on: '2024-05-20',
        side: 'prc',
        status: 'awaiting_us',
        note: 'MPS asks for certified copies',
        due_on: null,
        retracts: null,
        level: null,
        venue: null,
      },
    });
    await waitFor(() => expect(screen.queryByTestId('save-event')).toBeNull());
    const events = within(detail).getAllByTestId('timeline-event');
    expect(events).toHaveLength(4);
    expect(events[0]).toHaveTextContent('MPS asks for certified copies');
    await waitFor(() => expect(be.queries().length).toBeGreaterThan(listCalls));
    await waitFor(() => expect(be.argsOf('dashboard').length).toBeGreaterThan(dashCalls));
  });

  it('retracts an entry by pointing at it, with the reason as the note', async () => {
    const be = installBackend({ handlers: { record_event: () => itemView() } });
    const { user, detail } = await openFirst();
    const transmitted = within(detail).getAllByTestId('timeline-event')[2];
    await user.click(within(transmitted).getByTestId('retract-event'));
    expect(screen.getByTestId('field-event-type')).toHaveValue('retraction');
    expect(screen.getByTestId('field-event-retracts')).toHaveValue('ev-1');
    await user.type(screen.getByTestId('field-event-note'), 'Wrong date');
    await user.click(screen.getByTestId('save-event'));
    await waitFor(() => expect(be.argsOf('record_event')).toHaveLength(1));
    expect(be.argsOf('record_event')[0].input).toMatchObject({ type: 'retraction', retracts: 'ev-1', note: 'Wrong date', status: null });
  });

  it('shows the problems of a refused event and keeps the form open', async () => {
    installBackend({
      handlers: {
        record_event: () => {
          throw invalid([
            { field: 'status', problem: { key: 'not_allowed', from_status: 'in_progress', to_status: 'acknowledged', on: '2024-06-01' } },
          ]);
        },
      },
    });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('add-event'));
    await user.selectOptions(screen.getByTestId('field-event-type'), 'status');
    await user.selectOptions(screen.getByTestId('field-event-status'), 'acknowledged');
    await user.click(screen.getByTestId('save-event'));
    const [err] = await screen.findAllByTestId('form-error');
    expect(err).toHaveTextContent('Status: moving from in_progress to acknowledged on 2024-06-01 is not allowed');
    expect(screen.getByTestId('save-event')).toBeInTheDocument();
    expect(screen.getByTestId('field-event-status')).toHaveValue('acknowledged');
  });

  it('edits with the version read, and offers a reload when someone else changed the item', async () => {
    const be = installBackend({
      handlers: {
        update_item: () => {
          throw { code: 'conflict', message: 'the item was changed by someone else', fields: [] };
        },
      },
    });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('edit-item'));
    const title = screen.getByTestId('field-title');
    expect(title).toHaveValue('Surrender of LIN Wei');
    expect(screen.queryByTestId('field-kind')).toBeNull();
    expect(screen.queryByTestId('field-transmitted_on')).toBeNull();
    await user.clear(title);
    await user.type(title, 'Surrender of LIN Wei (amended)');
    await user.click(screen.getByTestId('save-item'));

    await waitFor(() => expect(be.argsOf('update_item')).toHaveLength(1));
    const args = be.argsOf('update_item')[0];
    expect(args.id).toBe('id-0');
    expect(args.version).toBe(7);
    expect(args.input).toMatchObject({ title: 'Surrender of LIN Wei (amended)', reference: 'EXT-000000', tags: ['fentanyl; priority'], provisional_arrest: 'yes' });
    expect(args.input).not.toHaveProperty('kind');
    expect(args.input).not.toHaveProperty('transmitted_on');

    const conflict = await screen.findByTestId('conflict');
    expect(conflict).toHaveTextContent('Someone else changed this item');
    const gets = be.argsOf('get_item').length;
    await user.click(screen.getByTestId('reload-item'));
    await waitFor(() => expect(be.argsOf('get_item').length).toBe(gets + 1));
    await waitFor(() => expect(screen.queryByTestId('save-item')).toBeNull());
  });
});
