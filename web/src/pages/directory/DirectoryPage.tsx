// Settings > Users & groups: two tabs, kept in the address (?tab=groups).
import { useSearchParams } from 'react-router-dom';
import { Tab, TabList } from '@fluentui/react-components';
import { Page } from '../../components/Page.tsx';
import { UsersTab } from './UsersTab.tsx';
import { GroupsTab } from './GroupsTab.tsx';
import { ScimTokensCard } from '../sso/ScimTokensCard.tsx';

export function DirectoryPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'groups' ? 'groups' : 'users';
  return (
    <Page title="Users & groups" description="Local accounts and the security groups that roles are assigned to.">
      <TabList selectedValue={tab} onTabSelect={(_e, d) => setParams(d.value === 'groups' ? { tab: 'groups' } : {})}>
        <Tab value="users">Users</Tab>
        <Tab value="groups">Groups</Tab>
      </TabList>
      {tab === 'users' ? <UsersTab /> : <GroupsTab />}
      <ScimTokensCard />
    </Page>
  );
}
